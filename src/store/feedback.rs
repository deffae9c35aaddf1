//! Triaged feedback, and the occurrences (one per tenant) of FTC Insights.

use super::contacts::split_list;
use super::sql::{Db, Row};
use crate::args;
use crate::error::Result;
use chrono::NaiveDate;

/// One piece of feedback as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Feedback {
    pub id: i64,
    pub summary: String,
    pub route: String,
    pub destination: String,
    pub category: Option<String>,
    /// The tenant's row id and domain, when one was named.
    pub tenant: Option<(i64, String)>,
    pub workload: Option<String>,
    /// The questions answered yes (`broken`, `product-wish`, `premier`, ...).
    pub answers: Vec<String>,
    /// FTC Insights only: the lifecycle status.
    pub status: Option<String>,
    /// The domains of the tenants counted, by the day they were added.
    pub tenants: Vec<String>,
    pub created_on: NaiveDate,
    pub author: String,
}

/// A new piece of feedback's fields.
#[derive(Debug, Clone)]
pub struct NewFeedback<'a> {
    pub summary: &'a str,
    pub route: &'a str,
    pub destination: &'a str,
    pub category: Option<&'a str>,
    pub tenant_id: Option<i64>,
    pub workload: Option<&'a str>,
    pub answers: &'a [&'a str],
    pub status: Option<&'a str>,
    pub created_on: NaiveDate,
    pub author: &'a str,
}

const SELECT: &str = "SELECT f.id, f.summary, f.route, f.destination, f.category, f.tenant_id,
        t.domain, f.workload, f.answers, f.status, f.created_on, f.author,
        (SELECT string_agg(x.domain, ',' ORDER BY o.on_date, x.domain)
            FROM feedback_occurrences o JOIN tenants x ON x.id = o.tenant_id
            WHERE o.feedback_id = f.id)
     FROM feedback f LEFT JOIN tenants t ON t.id = f.tenant_id";

fn feedback(r: &Row) -> Result<Feedback> {
    let tenant_id: Option<i64> = r.get(5)?;
    let domain: Option<String> = r.get(6)?;
    let answers: String = r.get(8)?;
    let tenants: Option<String> = r.get(12)?;
    Ok(Feedback {
        id: r.get(0)?,
        summary: r.get(1)?,
        route: r.get(2)?,
        destination: r.get(3)?,
        category: r.get(4)?,
        tenant: tenant_id.zip(domain),
        workload: r.get(7)?,
        answers: split_list(&answers),
        status: r.get(9)?,
        tenants: split_list(tenants.as_deref().unwrap_or("")),
        created_on: r.get(10)?,
        author: r.get(11)?,
    })
}

/// Record a piece of feedback; an FTC Insight that names a tenant counts it
/// as its first occurrence.
pub fn insert_feedback<'c>(db: impl Into<Db<'c>>, n: &NewFeedback) -> Result<i64> {
    let db = db.into();
    let id = db.insert(
        "INSERT INTO feedback (summary, route, destination, category, tenant_id, workload,
             answers, status, created_on, author)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        args![
            n.summary,
            n.route,
            n.destination,
            n.category,
            n.tenant_id,
            n.workload,
            n.answers.join(","),
            n.status,
            n.created_on,
            n.author,
        ],
    )?;
    if let (Some(t), Some(_)) = (n.tenant_id, n.status) {
        add_occurrence(db, id, t, n.created_on)?;
    }
    Ok(id)
}

pub fn get_feedback<'c>(db: impl Into<Db<'c>>, id: i64) -> Result<Option<Feedback>> {
    db.into()
        .first(&format!("{SELECT} WHERE f.id = ?1"), args![id], feedback)
}

/// Every piece of feedback (of one route, when given), as recorded.
pub fn list_feedback<'c>(db: impl Into<Db<'c>>, route: Option<&str>) -> Result<Vec<Feedback>> {
    db.into().all(
        &format!("{SELECT} WHERE (CAST(?1 AS TEXT) IS NULL OR f.route = ?1) ORDER BY f.id"),
        args![route],
        feedback,
    )
}

pub fn add_occurrence<'c>(
    db: impl Into<Db<'c>>,
    id: i64,
    tenant_id: i64,
    on: NaiveDate,
) -> Result<()> {
    db.into().execute(
        "INSERT INTO feedback_occurrences (feedback_id, tenant_id, on_date) VALUES (?1, ?2, ?3)",
        args![id, tenant_id, on],
    )?;
    Ok(())
}

pub fn has_occurrence<'c>(db: impl Into<Db<'c>>, id: i64, tenant_id: i64) -> Result<bool> {
    db.into().query_one(
        "SELECT EXISTS (SELECT 1 FROM feedback_occurrences WHERE feedback_id = ?1 AND tenant_id = ?2)",
        args![id, tenant_id],
        |r| r.get(0),
    )
}

pub fn set_status<'c>(db: impl Into<Db<'c>>, id: i64, status: &str) -> Result<()> {
    db.into().execute(
        "UPDATE feedback SET status = ?2 WHERE id = ?1",
        args![id, status],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn insights_count_their_tenants() {
        let s = Store::open_in_memory().unwrap();
        let c = &s.conn;
        c.execute_batch(
            "INSERT INTO customers (id, name, norm_name, key_suffix) VALUES (1, 'C', 'c', 'c');
             INSERT INTO tenants (id, domain, customer_id, source, added_on)
                 VALUES (1, 'a.example.com', 1, 'commerce', '2027-07-01'),
                        (2, 'b.example.com', 1, 'commerce', '2027-07-01');",
        )
        .unwrap();
        let n = NewFeedback {
            summary: "no way to migrate public folders",
            route: "ftc-insight",
            destination: "an FTC Insight",
            category: None,
            tenant_id: Some(2),
            workload: Some("exchange"),
            answers: &["blocks-deployment"],
            status: Some("Emerging Issue"),
            created_on: d("2027-07-01"),
            author: "tester",
        };
        let id = insert_feedback(c, &n).unwrap();
        let f = get_feedback(c, id).unwrap().unwrap();
        assert_eq!(f.tenants, vec!["b.example.com"]);
        assert_eq!(f.answers, vec!["blocks-deployment"]);
        assert!(has_occurrence(c, id, 2).unwrap());
        assert!(!has_occurrence(c, id, 1).unwrap());
        add_occurrence(c, id, 1, d("2027-07-02")).unwrap();
        set_status(c, id, "Escalated").unwrap();
        let f = get_feedback(c, id).unwrap().unwrap();
        assert_eq!(f.tenants, vec!["b.example.com", "a.example.com"]);
        assert_eq!(f.status.as_deref(), Some("Escalated"));
        // Not an insight: no occurrence even with a tenant.
        let other = NewFeedback {
            route: "uservoice",
            status: None,
            ..n
        };
        let id2 = insert_feedback(c, &other).unwrap();
        assert!(get_feedback(c, id2).unwrap().unwrap().tenants.is_empty());
        assert_eq!(list_feedback(c, None).unwrap().len(), 2);
        assert_eq!(list_feedback(c, Some("uservoice")).unwrap()[0].id, id2);
    }
}
