//! Assignments applied to tenants (the latest is the current one), and the
//! activity the GoBack rule looks at.

use super::sql::{Db, Row};
use super::Scope;
use crate::args;
pub use crate::domain::assignment::StoredAssignment;
use crate::error::Result;
use chrono::NaiveDate;
use std::collections::HashMap;

/// A new assignment.
#[derive(Debug, Clone)]
pub struct NewAssignment<'a> {
    pub option: &'a str,
    pub queue: &'a str,
    pub assignee: Option<&'a str>,
    pub on: NaiveDate,
    pub manual: bool,
    pub reasons: &'a [String],
    pub frp_mpn: Option<&'a str>,
}

/// Columns 0..=7 of an assignment row.
fn assignment(r: &Row) -> Result<StoredAssignment> {
    let reasons: String = r.get(6)?;
    Ok(StoredAssignment {
        id: r.get(0)?,
        option: r.get(1)?,
        queue: r.get(2)?,
        assignee: r.get(3)?,
        on: r.get(4)?,
        manual: r.get(5)?,
        reasons: reasons
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_string)
            .collect(),
        frp_mpn: r.get(7)?,
    })
}

const COLUMNS: &str =
    "a.id, a.option, a.queue, a.assignee, a.on_date, a.manual, a.reasons, a.frp_mpn";

pub fn insert_assignment<'c>(db: impl Into<Db<'c>>, tenant: i64, a: &NewAssignment) -> Result<i64> {
    db.into().insert(
        "INSERT INTO assignments (tenant_id, option, queue, assignee, on_date, manual, reasons, frp_mpn)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        args![
            tenant,
            a.option,
            a.queue,
            a.assignee,
            a.on,
            a.manual,
            a.reasons.join("\n"),
            a.frp_mpn
        ],
    )
}

/// A tenant's assignments, oldest first (by day, then as recorded).
pub fn list_assignments<'c>(db: impl Into<Db<'c>>, tenant: i64) -> Result<Vec<StoredAssignment>> {
    db.into().all(
        &format!(
            "SELECT {COLUMNS} FROM assignments a WHERE a.tenant_id = ?1 ORDER BY a.on_date, a.id"
        ),
        args![tenant],
        assignment,
    )
}

/// The assignments of every tenant in scope, oldest first, by tenant (for
/// listings, the agenda and the report: one query instead of one a tenant).
pub fn all_assignments<'c>(
    db: impl Into<Db<'c>>,
    scope: Scope,
) -> Result<HashMap<i64, Vec<StoredAssignment>>> {
    let mut out: HashMap<i64, Vec<StoredAssignment>> = HashMap::new();
    db.into().each(
        &format!(
            "SELECT {COLUMNS}, a.tenant_id FROM assignments a{} ORDER BY a.tenant_id, a.on_date, a.id",
            scope.clause("a")
        ),
        args![scope.fm()],
        |r| {
            out.entry(r.get::<i64>(8)?).or_default().push(assignment(r)?);
            Ok(())
        },
    )?;
    Ok(out)
}

/// The history actions that count as activity on a tenant for the GoBack
/// rule: notes, DIBS and status changes, cadence entries.
const ACTIVITY: &str = "('note.add', 'note.intent', 'dibs.record', 'status.set',
    'cadence.send', 'cadence.reply', 'cadence.decline', 'cadence.pause', 'cadence.resume')";

/// The last day with activity on a tenant (a note, a DIBS or status change,
/// a cadence entry) on or before `until`: from its history, its notes and
/// its cadence events (which may be dated earlier than recorded). Only
/// what was recorded before its GoBack mark counts, when it has one.
pub fn last_activity<'c>(
    db: impl Into<Db<'c>>,
    tenant: i64,
    until: NaiveDate,
) -> Result<Option<NaiveDate>> {
    let day: Option<NaiveDate> = db.into().query_one(
        &format!(
            "WITH m AS (SELECT goback_events_mark AS e, goback_notes_mark AS n,
                               goback_history_mark AS h FROM tenants WHERE id = ?1)
             SELECT max(d) FROM (
                SELECT max(on_date) AS d FROM history, m
                 WHERE tenant_id = ?1 AND on_date <= ?2 AND action IN {ACTIVITY}
                   AND (m.h IS NULL OR history.id <= m.h)
                UNION ALL
                SELECT max(created_on) FROM notes, m WHERE tenant_id = ?1 AND created_on <= ?2
                   AND (m.n IS NULL OR notes.id <= m.n)
                UNION ALL
                SELECT max(on_date) FROM cadence_events, m WHERE tenant_id = ?1 AND on_date <= ?2
                   AND (m.e IS NULL OR cadence_events.id <= m.e)) AS days"
        ),
        args![tenant, until],
        |r| r.get(0),
    )?;
    Ok(day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn round_trip_and_activity() {
        let s = Store::open_in_memory().unwrap();
        s.conn
            .execute_batch(
                "INSERT INTO customers (id, name, norm_name, key_suffix) VALUES (1, 'A', 'a', 'a');
                 INSERT INTO tenants (id, domain, customer_id, source, added_on)
                 VALUES (7, 'a.example.com', 1, 'exception', '2027-01-01');",
            )
            .unwrap();
        let reasons = vec!["full DIBS for exchange".to_string(), "10000 seats".into()];
        insert_assignment(
            &s.conn,
            7,
            &NewAssignment {
                option: "css",
                queue: "FTCQ CSS EMEA",
                assignee: Some("Dana"),
                on: day("2027-05-01"),
                manual: false,
                reasons: &reasons,
                frp_mpn: None,
            },
        )
        .unwrap();
        insert_assignment(
            &s.conn,
            7,
            &NewAssignment {
                option: "reactive",
                queue: "FTCQ REACTIVE",
                assignee: None,
                on: day("2027-03-01"),
                manual: true,
                reasons: &[],
                frp_mpn: None,
            },
        )
        .unwrap();
        let all = list_assignments(&s.conn, 7).unwrap();
        // Ordered by day: the backdated one first.
        assert_eq!(all[0].option, "reactive");
        assert!(all[0].manual && all[0].reasons.is_empty());
        assert_eq!(all[1].reasons, reasons);
        assert_eq!(all[1].assignee.as_deref(), Some("Dana"));
        assert_eq!(all_assignments(&s.conn, Scope::All).unwrap()[&7], all);
        assert!(all_assignments(&s.conn, Scope::Fm("nobody"))
            .unwrap()
            .is_empty());

        assert_eq!(last_activity(&s.conn, 7, day("2027-07-01")).unwrap(), None);
        s.conn
            .execute_batch(
                "INSERT INTO history (at, on_date, actor, tenant_id, action, description)
                 VALUES ('x', '2027-04-01', 'a', 7, 'status.set', 'x'),
                        ('x', '2027-06-01', 'a', 7, 'tenant.set', 'not activity');
                 INSERT INTO cadence_events (tenant_id, kind, party, on_date)
                 VALUES (7, 'reply', 'customer', '2027-04-10');
                 INSERT INTO notes (tenant_id, kind, text, author, created_on, created_at)
                 VALUES (7, 'technical', 't', 'a', '2027-08-01', 'x');",
            )
            .unwrap();
        assert_eq!(
            last_activity(&s.conn, 7, day("2027-07-01")).unwrap(),
            Some(day("2027-04-10"))
        );
        assert_eq!(
            last_activity(&s.conn, 7, day("2027-08-01")).unwrap(),
            Some(day("2027-08-01"))
        );
        assert_eq!(
            last_activity(&s.conn, 7, day("2027-04-05")).unwrap(),
            Some(day("2027-04-01"))
        );
    }
}
