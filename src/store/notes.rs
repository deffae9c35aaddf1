//! Notes: the cadence's engagement notes, status notes (`note add`) and
//! service intent notes (`note intent`, kind `intent`, one workload each).

use super::sql::{Db, Row};
use crate::args;
use crate::domain::values::Region;
use crate::error::Result;
use chrono::NaiveDate;

/// The fields of a new note; what a kind does not use is `None`.
#[derive(Debug, Clone, Default)]
pub struct NewNote<'a> {
    pub tenant_id: i64,
    pub kind: &'a str,
    pub text: &'a str,
    pub author: &'a str,
    pub created_on: NaiveDate,
    /// Wall-clock time, RFC 3339.
    pub created_at: &'a str,
    pub workload: Option<&'a str>,
    pub scope: Option<&'a str>,
    pub risks: Option<&'a str>,
    pub next_action: Option<&'a str>,
    pub next_date: Option<NaiveDate>,
    pub next_owner: Option<&'a str>,
    /// Intent notes: great, marginal or poor.
    pub verdict: Option<&'a str>,
    /// Intent notes: the warning codes (stored comma-separated).
    pub warnings: Option<&'a [&'a str]>,
}

pub fn insert_note<'c>(db: impl Into<Db<'c>>, n: &NewNote) -> Result<i64> {
    db.into().insert(
        "INSERT INTO notes (tenant_id, kind, text, author, created_on, created_at, workload,
                            scope, risks, next_action, next_date, next_owner, verdict, warnings)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        args![
            n.tenant_id,
            n.kind,
            n.text,
            n.author,
            n.created_on,
            n.created_at,
            n.workload,
            n.scope,
            n.risks,
            n.next_action,
            n.next_date,
            n.next_owner,
            n.verdict,
            n.warnings.map(|w| w.join(",")),
        ],
    )
}

pub fn add_note<'c>(
    db: impl Into<Db<'c>>,
    tenant: i64,
    kind: &str,
    text: &str,
    author: &str,
    on: NaiveDate,
    at: &str,
) -> Result<i64> {
    insert_note(
        db,
        &NewNote {
            tenant_id: tenant,
            kind,
            text,
            author,
            created_on: on,
            created_at: at,
            ..Default::default()
        },
    )
}

/// A note as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub id: i64,
    pub kind: String,
    pub text: String,
    pub author: String,
    pub created_on: String,
    pub workload: Option<String>,
    pub scope: Option<String>,
    pub risks: Option<String>,
    pub next_action: Option<String>,
    pub next_date: Option<String>,
    pub next_owner: Option<String>,
    pub verdict: Option<String>,
    /// `None` on notes that were not checked; `Some` (maybe empty) on intent notes.
    pub warnings: Option<Vec<String>>,
}

const SELECT: &str = "SELECT id, kind, text, author, created_on, workload, scope, risks,
        next_action, next_date, next_owner, verdict, warnings FROM notes";

fn note(r: &Row) -> Result<Note> {
    let warnings: Option<String> = r.get(12)?;
    Ok(Note {
        id: r.get(0)?,
        kind: r.get(1)?,
        text: r.get(2)?,
        author: r.get(3)?,
        created_on: r.get(4)?,
        workload: r.get(5)?,
        scope: r.get(6)?,
        risks: r.get(7)?,
        next_action: r.get(8)?,
        next_date: r.get(9)?,
        next_owner: r.get(10)?,
        verdict: r.get(11)?,
        warnings: warnings.map(|w| {
            w.split(',')
                .filter(|c| !c.is_empty())
                .map(String::from)
                .collect()
        }),
    })
}

pub fn get_note<'c>(db: impl Into<Db<'c>>, id: i64) -> Result<Option<Note>> {
    db.into()
        .first(&format!("{SELECT} WHERE id = ?1"), args![id], note)
}

#[derive(Debug, Clone, Copy, Default)]
pub struct NoteFilter<'a> {
    pub kind: Option<&'a str>,
    /// A workload slug (only intent notes have one).
    pub workload: Option<&'a str>,
    /// At most this many; `None` for all.
    pub limit: Option<u32>,
}

/// A tenant's notes, newest (last recorded) first.
pub fn list_notes<'c>(db: impl Into<Db<'c>>, tenant: i64, f: &NoteFilter) -> Result<Vec<Note>> {
    db.into().all(
        &format!(
            "{SELECT} WHERE tenant_id = ?1 AND (CAST(?2 AS TEXT) IS NULL OR kind = ?2)
                AND (CAST(?3 AS TEXT) IS NULL OR workload = ?3) ORDER BY id DESC LIMIT ?4"
        ),
        args![
            tenant,
            f.kind,
            f.workload,
            f.limit.map_or(i64::MAX, i64::from)
        ],
        note,
    )
}

/// The latest service intent note of each workload of a tenant:
/// (workload, text), in the order of their workloads' latest notes.
pub fn latest_intents<'c>(db: impl Into<Db<'c>>, tenant: i64) -> Result<Vec<(String, String)>> {
    let mut out: Vec<(String, String)> = Vec::new();
    db.into().each(
        "SELECT workload, text FROM notes WHERE tenant_id = ?1 AND kind = 'intent'
            AND workload IS NOT NULL ORDER BY id DESC",
        args![tenant],
        |r| {
            let (w, t): (String, String) = (r.get(0)?, r.get(1)?);
            if !out.iter().any(|(seen, _)| *seen == w) {
                out.push((w, t));
            }
            Ok(())
        },
    )?;
    Ok(out)
}

fn due_sql(fm: bool, region: bool) -> String {
    let mut sql = String::from(
        "SELECT t.domain, t.fm, t.seats, n.next_action, n.next_date, n.next_owner
         FROM notes n JOIN tenants t ON t.id = n.tenant_id
         WHERE n.next_date <= ?1 AND n.next_action IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM notes m WHERE m.tenant_id = n.tenant_id
                           AND m.id > n.id AND m.next_action IS NOT NULL)",
    );
    sql.push_str(if fm {
        " AND t.fm = ?2 COLLATE NOCASE"
    } else {
        " AND CAST(?2 AS TEXT) IS NULL"
    });
    sql.push_str(if region {
        " AND t.region = ?3"
    } else {
        " AND CAST(?3 AS TEXT) IS NULL"
    });
    sql
}

/// A next action due on the agenda, with what the agenda shows of its tenant.
#[derive(Debug, Clone, PartialEq)]
pub struct DueAction {
    pub domain: String,
    pub fm: Option<String>,
    pub seats: Option<i64>,
    pub next_action: String,
    pub next_date: NaiveDate,
    pub next_owner: Option<String>,
}

/// The next actions dated on or before `horizon` that are still current:
/// no later note of the tenant has a next action of its own. Read through
/// the `notes_next_date` index, so the cost follows the dated notes, not
/// the tenants (with `fm`, SQLite goes through that FM's tenants by the
/// `tenants_agenda` index instead: fewer rows still).
pub fn next_actions_due<'c>(
    db: impl Into<Db<'c>>,
    horizon: NaiveDate,
    fm: Option<&str>,
    region: Option<Region>,
) -> Result<Vec<DueAction>> {
    db.into().all(
        &due_sql(fm.is_some(), region.is_some()),
        args![horizon, fm, region.map(Region::as_str)],
        |r| {
            Ok(DueAction {
                domain: r.get(0)?,
                fm: r.get(1)?,
                seats: r.get(2)?,
                next_action: r.get(3)?,
                next_date: r.get(4)?,
                next_owner: r.get(5)?,
            })
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn store() -> Store {
        let s = Store::open_in_memory().unwrap();
        s.conn
            .execute_batch(
                "INSERT INTO customers (id, name, norm_name, key_suffix) VALUES (1, 'C', 'c', 'c');
                 INSERT INTO tenants (id, domain, customer_id, region, seats, source, fm, added_on)
                   VALUES (1, 'a.example', 1, 'emea', 500, 'exception', 'alice', '2027-06-01'),
                          (2, 'b.example', 1, 'apj', 900, 'exception', 'bob', '2027-06-01');",
            )
            .unwrap();
        s
    }

    fn next(s: &Store, tenant: i64, action: Option<&str>, date: Option<&str>) -> i64 {
        insert_note(
            &s.conn,
            &NewNote {
                tenant_id: tenant,
                kind: "technical",
                text: "t",
                author: "me",
                created_on: d("2027-06-01"),
                created_at: "x",
                next_action: action,
                next_date: date.map(d),
                next_owner: Some("owner"),
                ..Default::default()
            },
        )
        .unwrap()
    }

    #[test]
    fn fields_round_trip_and_lists_filter_newest_first() {
        let s = store();
        let id = insert_note(
            &s.conn,
            &NewNote {
                tenant_id: 1,
                kind: "intent",
                text: "It",
                author: "me",
                created_on: d("2027-06-02"),
                created_at: "x",
                workload: Some("teams"),
                verdict: Some("marginal"),
                warnings: Some(&["no-reason", "too-long"]),
                ..Default::default()
            },
        )
        .unwrap();
        let n = get_note(&s.conn, id).unwrap().unwrap();
        assert_eq!(n.workload.as_deref(), Some("teams"));
        assert_eq!(
            n.warnings,
            Some(vec!["no-reason".to_string(), "too-long".to_string()])
        );
        let plain = add_note(&s.conn, 1, "engagement", "E", "me", d("2027-06-03"), "x").unwrap();
        assert_eq!(get_note(&s.conn, plain).unwrap().unwrap().warnings, None);
        let all = list_notes(&s.conn, 1, &NoteFilter::default()).unwrap();
        assert_eq!(all.iter().map(|n| n.id).collect::<Vec<_>>(), [plain, id]);
        let f = NoteFilter {
            workload: Some("teams"),
            ..Default::default()
        };
        assert_eq!(list_notes(&s.conn, 1, &f).unwrap().len(), 1);
        let f = NoteFilter {
            kind: Some("engagement"),
            limit: Some(0),
            ..Default::default()
        };
        assert!(list_notes(&s.conn, 1, &f).unwrap().is_empty());
    }

    #[test]
    fn only_the_latest_next_action_of_a_tenant_is_due() {
        let s = store();
        next(&s, 1, Some("old"), Some("2027-06-10"));
        next(&s, 1, Some("new"), Some("2027-06-20"));
        next(&s, 2, Some("bob's"), Some("2027-06-05"));
        // A note without a next action does not replace one.
        next(&s, 2, None, None);
        let due = next_actions_due(&s.conn, d("2027-06-30"), None, None).unwrap();
        let got: Vec<&str> = due.iter().map(|a| a.next_action.as_str()).collect();
        assert_eq!(got.len(), 2);
        assert!(got.contains(&"new") && got.contains(&"bob's"), "{got:?}");
        // Not yet due: the superseded one does not come back.
        assert!(next_actions_due(&s.conn, d("2027-06-15"), None, None)
            .unwrap()
            .iter()
            .all(|a| a.next_action == "bob's"));
        let alice = next_actions_due(&s.conn, d("2027-06-30"), Some("ALICE"), None).unwrap();
        assert_eq!(alice.len(), 1);
        assert_eq!(alice[0].next_date, d("2027-06-20"));
        let apj = next_actions_due(&s.conn, d("2027-06-30"), None, Some(Region::Apj)).unwrap();
        assert_eq!(apj[0].domain, "b.example");
        // A newer next action without a date takes the dated one off.
        next(&s, 1, Some("done, nothing planned"), None);
        let due = next_actions_due(&s.conn, d("2027-06-30"), Some("alice"), None).unwrap();
        assert!(due.is_empty(), "{due:?}");
    }

    #[test]
    fn the_agenda_reads_next_actions_through_the_date_index() {
        let s = store();
        let plan: Vec<String> = s
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {}", due_sql(false, true)))
            .unwrap()
            .query_map(
                rusqlite::params!["2027-07-01", None::<String>, "emea"],
                |r| r.get::<_, String>(3),
            )
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(
            plan.iter().any(|p| p.contains("notes_next_date")),
            "{plan:?}"
        );
    }

    #[test]
    fn latest_intent_per_workload() {
        let s = store();
        for (w, t) in [("teams", "one"), ("exchange", "two"), ("teams", "three")] {
            insert_note(
                &s.conn,
                &NewNote {
                    tenant_id: 1,
                    kind: "intent",
                    text: t,
                    author: "me",
                    created_on: d("2027-06-02"),
                    created_at: "x",
                    workload: Some(w),
                    ..Default::default()
                },
            )
            .unwrap();
        }
        assert_eq!(
            latest_intents(&s.conn, 1).unwrap(),
            [
                ("teams".to_string(), "three".to_string()),
                ("exchange".to_string(), "two".to_string())
            ]
        );
    }
}
