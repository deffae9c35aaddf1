//! `ftc tasks TENANT` and `ftc task set`: the tenant's FTOP task checklist
//! (`reference/tasks.csv`) and its statuses.

pub mod list;
pub mod set;

use crate::domain::tasks::{is_shown, Facts, Shown};
use crate::error::Result;
use crate::reference::{self, Task};
use crate::render::Columns;
use crate::store::sql::Db;
use crate::store::tasks::{list_tasks, TaskStatus};
use chrono::NaiveDate;
use clap::Subcommand;
use serde::Serialize;

/// The status of a task never set.
pub const NOT_STARTED: &str = "Not Started";

#[derive(Debug, Subcommand)]
pub enum TaskCommand {
    /// Set the status of one task of a tenant's checklist
    Set(set::SetArgs),
}

pub fn run(ctx: &crate::cli::Ctx, out: &mut dyn std::io::Write, cmd: TaskCommand) -> Result<()> {
    match cmd {
        TaskCommand::Set(a) => set::run(ctx, out, a),
    }
}

/// One task of the checklist as `tasks` and `task set` print it (SPEC 3.4).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TaskView {
    pub id: u32,
    pub name: String,
    pub mandatory: bool,
    pub role: String,
    pub status: String,
    /// When the status was set; null when never set.
    pub updated_on: Option<NaiveDate>,
}

impl TaskView {
    pub fn of(t: &Task, stored: Option<&TaskStatus>) -> TaskView {
        TaskView {
            id: t.id,
            name: t.name.clone(),
            mandatory: t.mandatory,
            role: t.role.clone(),
            status: stored.map_or(NOT_STARTED.to_string(), |s| s.status.clone()),
            updated_on: stored.map(|s| s.updated_on),
        }
    }
}

pub const TASK_COLUMNS: Columns = Columns {
    keys: &["id", "name", "mandatory", "role", "status", "updated_on"],
    table: &[
        ("id", "id"),
        ("task", "name"),
        ("mandatory", "mandatory"),
        ("role", "role"),
        ("status", "status"),
        ("updated", "updated_on"),
    ],
    flex: 1,
};

/// What the checklist rules need to know about a tenant beyond its stored
/// statuses: whether it has an FTA request, and whether it is assigned
/// `frp-referral` (its latest assignment, the one `tenant show` prints).
/// `has_status` is per task: the caller sets it.
pub fn tenant_facts(conn: Db<'_>, tenant_id: i64) -> Result<Facts> {
    let latest = crate::store::assignments::list_assignments(conn, tenant_id)?.pop();
    Ok(Facts {
        has_status: false,
        has_fta_request: crate::store::fta::has_fta_request(conn, tenant_id)?,
        assigned_frp_referral: latest.is_some_and(|a| {
            a.option == crate::domain::assignment::AssignOption::FrpReferral.as_str()
        }),
    })
}

/// Whether the tenant's checklist has this task, given whether the tenant
/// has a status stored for it.
pub fn on_checklist(t: &Task, has_status: bool, tenant: Facts) -> bool {
    is_shown(
        Shown::parse(&t.shown),
        Facts {
            has_status,
            ..tenant
        },
    )
}

/// A tenant's checklist: the catalog's tasks it shows, in catalog order,
/// each with its status (for `tasks` and `tenant show`).
pub fn checklist(conn: Db<'_>, tenant_id: i64) -> Result<Vec<TaskView>> {
    let stored = list_tasks(conn, tenant_id)?;
    let facts = tenant_facts(conn, tenant_id)?;
    Ok(reference::get()
        .tasks
        .iter()
        .filter_map(|t| {
            let s = stored.iter().find(|s| s.task == t.id);
            on_checklist(t, s.is_some(), facts).then(|| TaskView::of(t, s))
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_match_the_view() {
        let t = &reference::get().tasks[0];
        let json = serde_json::to_value(TaskView::of(t, None)).unwrap();
        let keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, TASK_COLUMNS.keys);
    }
}
