//! `ftc tenant ...`

pub mod add;
pub mod dupes;
pub mod import;
mod import_fast;
pub mod list;
pub mod set;
pub mod show;

use crate::cli::Ctx;
use crate::domain::tenant::{is_eligible, stage, Source, Stage, StageFacts};
use crate::domain::values::Region;
use crate::error::Result;
use crate::render::Columns;
use crate::store::assignments::StoredAssignment;
use crate::store::sql::Db;
use crate::store::tenants::Tenant;
use clap::Subcommand;
use serde::Serialize;
use std::io::Write;

#[derive(Debug, Subcommand)]
pub enum TenantCommand {
    /// Add a tenant by hand (a tenant exception, by default), with the duplicate check
    Add(add::AddArgs),
    /// Import the commerce feed (CSV): insert new tenants, update known ones
    Import(import::ImportArgs),
    /// List tenants
    List(list::ListArgs),
    /// Show one tenant
    Show(show::ShowArgs),
    /// Change a tenant's fields and flags
    Set(set::SetArgs),
    /// Every pair of customers that look like the same organisation
    Dupes(dupes::DupesArgs),
}

pub fn run(ctx: &Ctx, out: &mut dyn Write, cmd: TenantCommand) -> Result<()> {
    match cmd {
        TenantCommand::Add(a) => add::run(ctx, out, a),
        TenantCommand::Import(a) => import::run(ctx, out, a),
        TenantCommand::List(a) => list::run(ctx, out, a),
        TenantCommand::Show(a) => show::run(ctx, out, a),
        TenantCommand::Set(a) => set::run(ctx, out, a),
        TenantCommand::Dupes(a) => dupes::run(ctx, out, a),
    }
}

/// The applied assignment of a tenant.
#[derive(Debug, Clone, Serialize)]
pub struct AssignmentView {
    pub option: String,
    pub queue: String,
    pub assignee: Option<String>,
    pub on: String,
}

/// A tenant as `tenant list` and `tenant show` print it.
#[derive(Debug, Clone, Serialize)]
pub struct TenantView {
    pub domain: String,
    pub tenant_id: Option<String>,
    pub customer: String,
    pub tpid: Option<i64>,
    pub region: Option<Region>,
    pub seats: Option<i64>,
    pub eligible: bool,
    pub source: Source,
    pub fm: Option<String>,
    pub managed: bool,
    pub winner: bool,
    pub covid_rfa: bool,
    pub goback: bool,
    pub stage: Stage,
    pub assignment: Option<AssignmentView>,
}

pub const TENANT_COLUMNS: Columns = Columns {
    keys: &[
        "domain",
        "tenant_id",
        "customer",
        "tpid",
        "region",
        "seats",
        "eligible",
        "source",
        "fm",
        "managed",
        "winner",
        "covid_rfa",
        "goback",
        "stage",
        "assignment",
    ],
    table: &[
        ("domain", "domain"),
        ("customer", "customer"),
        ("region", "region"),
        ("seats", "seats"),
        ("fm", "fm"),
        ("stage", "stage"),
        ("assignment", "assignment.option"),
    ],
    flex: 1,
};

impl AssignmentView {
    pub fn of(a: &StoredAssignment) -> AssignmentView {
        AssignmentView {
            option: a.option.clone(),
            queue: a.queue.clone(),
            assignee: a.assignee.clone(),
            on: a.on.to_string(),
        }
    }
}

impl TenantView {
    /// The view with the stage decided from everything recorded (the
    /// cadence, pauses, assignments, GoBack, RFAs).
    pub fn load(conn: Db<'_>, t: &Tenant, ctx: &Ctx) -> Result<TenantView> {
        let cur = crate::cli::cadence::Current::load(conn, ctx, t.clone())?;
        Ok(TenantView::from_current(&cur, ctx))
    }

    /// The view of a tenant whose cadence and standing are computed.
    pub fn from_current(cur: &crate::cli::cadence::Current, ctx: &Ctx) -> TenantView {
        let mut v = TenantView::of(&cur.tenant, ctx);
        v.stage = cur.stage();
        v.assignment = cur.assignment().map(AssignmentView::of);
        v
    }

    /// The view from the tenant row alone: right for a tenant with nothing
    /// recorded beyond it (just added).
    pub fn of(t: &Tenant, ctx: &Ctx) -> TenantView {
        let eligible = is_eligible(t.source, t.seats, ctx.config.eligibility.min_seats);
        TenantView {
            domain: t.domain.clone(),
            tenant_id: t.tenant_id.clone(),
            customer: t.customer.clone(),
            tpid: t.tpid,
            region: t.region,
            seats: t.seats,
            eligible,
            source: t.source,
            fm: t.fm.clone(),
            managed: t.managed,
            winner: t.winner,
            covid_rfa: t.covid_rfa,
            goback: t.goback_on.is_some(),
            stage: stage(StageFacts::bare(eligible)),
            assignment: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_match_the_view() {
        let t = Tenant {
            id: 1,
            tenant_id: None,
            domain: "a.b".into(),
            customer_id: 1,
            customer: "A".into(),
            tpid: None,
            region: None,
            seats: None,
            country: None,
            source: Source::Commerce,
            fm: None,
            managed: true,
            winner: false,
            covid_rfa: false,
            goback_on: None,
            wants_ftc: None,
            duplicate_invalid: false,
            added_on: chrono::NaiveDate::default(),
            cadence_state: None,
            goback_mark: Default::default(),
        };
        let eligible = false;
        let v = TenantView {
            domain: t.domain.clone(),
            tenant_id: None,
            customer: t.customer.clone(),
            tpid: None,
            region: None,
            seats: None,
            eligible,
            source: t.source,
            fm: None,
            managed: true,
            winner: false,
            covid_rfa: false,
            goback: false,
            stage: Stage::Ineligible,
            assignment: None,
        };
        let json = serde_json::to_value(&v).unwrap();
        let keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut want = TENANT_COLUMNS.keys.to_vec();
        let mut got = keys.clone();
        want.sort();
        got.sort();
        assert_eq!(got, want);
    }
}
