//! Task statuses of the checklist: only tasks whose status was set are
//! stored; every other task is `Not Started`.

use super::sql::{Db, Row};
use crate::args;
use crate::error::Result;
use chrono::NaiveDate;

/// A task status as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskStatus {
    pub task: u32,
    pub status: String,
    pub updated_on: NaiveDate,
}

fn task_status(r: &Row) -> Result<TaskStatus> {
    Ok(TaskStatus {
        task: r.get(0)?,
        status: r.get(1)?,
        updated_on: r.get(2)?,
    })
}

/// Set a task's status (insert or replace).
pub fn set_task<'c>(
    db: impl Into<Db<'c>>,
    tenant: i64,
    task: u32,
    status: &str,
    on: NaiveDate,
) -> Result<()> {
    db.into().execute(
        "INSERT INTO tasks (tenant_id, task, status, updated_on) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (tenant_id, task) DO UPDATE SET status = excluded.status, updated_on = excluded.updated_on",
        args![tenant, task, status, on],
    )?;
    Ok(())
}

/// A task's stored status, if one was set.
pub fn get_task<'c>(db: impl Into<Db<'c>>, tenant: i64, task: u32) -> Result<Option<TaskStatus>> {
    db.into().first(
        "SELECT task, status, updated_on FROM tasks WHERE tenant_id = ?1 AND task = ?2",
        args![tenant, task],
        task_status,
    )
}

/// Every stored status of a tenant, by task id.
pub fn list_tasks<'c>(db: impl Into<Db<'c>>, tenant: i64) -> Result<Vec<TaskStatus>> {
    db.into().all(
        "SELECT task, status, updated_on FROM tasks WHERE tenant_id = ?1 ORDER BY task",
        args![tenant],
        task_status,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn set_get_list() {
        let s = Store::open_in_memory().unwrap();
        s.conn
            .execute_batch(
                "INSERT INTO customers (id, name, norm_name, key_suffix) VALUES (1, 'A', 'a', 'a');
                 INSERT INTO tenants (id, domain, customer_id, source, added_on)
                 VALUES (7, 'a.example.com', 1, 'exception', '2027-07-01');",
            )
            .unwrap();
        let d1 = NaiveDate::from_ymd_opt(2027, 7, 1).unwrap();
        let d2 = NaiveDate::from_ymd_opt(2027, 7, 2).unwrap();
        assert_eq!(get_task(&s.conn, 7, 3993).unwrap(), None);
        set_task(&s.conn, 7, 3996, "Complete", d1).unwrap();
        set_task(&s.conn, 7, 3993, "In Progress", d1).unwrap();
        set_task(&s.conn, 7, 3993, "Complete", d2).unwrap();
        let want = TaskStatus {
            task: 3993,
            status: "Complete".into(),
            updated_on: d2,
        };
        assert_eq!(get_task(&s.conn, 7, 3993).unwrap(), Some(want.clone()));
        let all = list_tasks(&s.conn, 7).unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(all[0], want);
        assert_eq!(all[1].task, 3996);
    }
}
