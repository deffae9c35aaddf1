//! FastTrack Architect requests and the architects who take them.

use super::contacts::split_list;
use super::sql::{Db, Row};
use crate::args;
use crate::domain::fta::{Architect, Attachment, RequestType};
use crate::domain::values::Region;
use crate::error::Result;
use chrono::NaiveDate;

/// An architect as stored, with the load the balancer counts.
pub fn list_architects<'c>(db: impl Into<Db<'c>>) -> Result<Vec<Architect>> {
    db.into().all(
        "SELECT a.name, a.capacity, a.regions,
                (SELECT count(*) FROM fta_requests r WHERE r.architect = a.name AND r.closed_on IS NULL),
                (SELECT count(*) FROM fta_requests r WHERE r.architect = a.name)
         FROM architects a ORDER BY a.name",
        args![],
        |r| {
            let regions: String = r.get(2)?;
            Ok(Architect {
                name: r.get(0)?,
                capacity: r.get(1)?,
                regions: split_list(&regions)
                    .iter()
                    .filter_map(|s| s.parse().ok())
                    .collect(),
                open: r.get(3)?,
                ever: r.get(4)?,
            })
        },
    )
}

/// The architect whose name is `name` in any case.
pub fn find_architect<'c>(db: impl Into<Db<'c>>, name: &str) -> Result<Option<Architect>> {
    Ok(list_architects(db)?
        .into_iter()
        .find(|a| a.name.to_lowercase() == name.trim().to_lowercase()))
}

/// Insert an architect or replace the capacity and regions of the one with
/// that name.
pub fn upsert_architect<'c>(
    db: impl Into<Db<'c>>,
    name: &str,
    capacity: u32,
    regions: &[Region],
) -> Result<()> {
    let regions: Vec<&str> = regions.iter().map(|r| r.as_str()).collect();
    db.into().execute(
        "INSERT INTO architects (name, capacity, regions) VALUES (?1, ?2, ?3)
         ON CONFLICT (name) DO UPDATE SET capacity = excluded.capacity, regions = excluded.regions",
        args![name, capacity, regions.join(",")],
    )?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub id: i64,
    pub kind: RequestType,
    pub route: String,
    pub requester: String,
    /// The tenant's row id and domain, when the request names one.
    pub tenant: Option<(i64, String)>,
    pub region: Option<Region>,
    pub received_on: NaiveDate,
    pub due_on: NaiveDate,
    pub attachments: Vec<Attachment>,
    pub mailboxes: Option<u32>,
    pub source_env: Option<String>,
    pub justification: Option<String>,
    pub details: Option<String>,
    pub architect: Option<String>,
    pub assigned_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
}

/// A new request's fields (the id comes from the database).
#[derive(Debug, Clone)]
pub struct NewRequest<'a> {
    pub kind: RequestType,
    pub requester: &'a str,
    pub tenant_id: Option<i64>,
    pub region: Option<Region>,
    pub received_on: NaiveDate,
    pub due_on: NaiveDate,
    pub attachments: &'a [Attachment],
    pub mailboxes: Option<u32>,
    pub source_env: Option<&'a str>,
    pub justification: Option<&'a str>,
    pub details: Option<&'a str>,
}

const SELECT: &str = "SELECT r.id, r.type, r.route, r.requester, r.tenant_id, t.domain, r.region,
        r.received_on, r.due_on, r.attachments, r.mailboxes, r.source_env, r.justification,
        r.details, r.architect, r.assigned_on, r.closed_on
     FROM fta_requests r LEFT JOIN tenants t ON t.id = r.tenant_id";

fn request(r: &Row) -> Result<Request> {
    let kind: String = r.get(1)?;
    let tenant_id: Option<i64> = r.get(4)?;
    let domain: Option<String> = r.get(5)?;
    let region: Option<String> = r.get(6)?;
    let attachments: String = r.get(9)?;
    Ok(Request {
        id: r.get(0)?,
        kind: RequestType::parse(&kind)
            .ok_or_else(|| anyhow::anyhow!("a stored FTA request's type '{kind}'"))?,
        route: r.get(2)?,
        requester: r.get(3)?,
        tenant: tenant_id.zip(domain),
        region: region.and_then(|s| s.parse().ok()),
        received_on: r.get(7)?,
        due_on: r.get(8)?,
        attachments: split_list(&attachments)
            .iter()
            .filter_map(|s| {
                use clap::ValueEnum;
                Attachment::from_str(s, false).ok()
            })
            .collect(),
        mailboxes: r.get(10)?,
        source_env: r.get(11)?,
        justification: r.get(12)?,
        details: r.get(13)?,
        architect: r.get(14)?,
        assigned_on: r.get(15)?,
        closed_on: r.get(16)?,
    })
}

pub fn insert_request<'c>(db: impl Into<Db<'c>>, n: &NewRequest) -> Result<i64> {
    let attachments: Vec<&str> = n.attachments.iter().map(|a| a.as_str()).collect();
    db.into().insert(
        "INSERT INTO fta_requests (type, route, requester, tenant_id, region, received_on, due_on,
             attachments, mailboxes, source_env, justification, details)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        args![
            n.kind.as_str(),
            n.kind.route(),
            n.requester,
            n.tenant_id,
            n.region.map(Region::as_str),
            n.received_on,
            n.due_on,
            attachments.join(","),
            n.mailboxes,
            n.source_env,
            n.justification,
            n.details,
        ],
    )
}

pub fn get_request<'c>(db: impl Into<Db<'c>>, id: i64) -> Result<Option<Request>> {
    db.into()
        .first(&format!("{SELECT} WHERE r.id = ?1"), args![id], request)
}

/// Every request (only those not closed with `open_only`), oldest first.
pub fn list_requests<'c>(db: impl Into<Db<'c>>, open_only: bool) -> Result<Vec<Request>> {
    db.into().all(
        &format!("{SELECT} WHERE (?1 = 0 OR r.closed_on IS NULL) ORDER BY r.received_on, r.id"),
        args![open_only],
        request,
    )
}

/// Requests routed to the architects, open and not assigned yet, due on or
/// before `horizon`, oldest first.
pub fn pending_requests<'c>(db: impl Into<Db<'c>>, horizon: NaiveDate) -> Result<Vec<Request>> {
    db.into().all(
        &format!(
            "{SELECT} WHERE r.due_on <= ?1 AND r.route = 'fta' AND r.architect IS NULL
                        AND r.closed_on IS NULL
             ORDER BY r.received_on, r.id"
        ),
        args![horizon],
        request,
    )
}

pub fn assign_request<'c>(
    db: impl Into<Db<'c>>,
    id: i64,
    architect: &str,
    on: NaiveDate,
) -> Result<()> {
    db.into().execute(
        "UPDATE fta_requests SET architect = ?2, assigned_on = ?3 WHERE id = ?1",
        args![id, architect, on],
    )?;
    Ok(())
}

pub fn close_request<'c>(db: impl Into<Db<'c>>, id: i64, on: NaiveDate) -> Result<()> {
    db.into().execute(
        "UPDATE fta_requests SET closed_on = ?2 WHERE id = ?1",
        args![id, on],
    )?;
    Ok(())
}

/// Whether the tenant has an FTA request (of any type, open or closed): the
/// tenant task checklist then shows the tasks marked `fta-request` in
/// `reference/tasks.csv` (3286, 3288, 3298).
pub fn has_fta_request<'c>(db: impl Into<Db<'c>>, tenant_id: i64) -> Result<bool> {
    db.into().query_one(
        "SELECT EXISTS (SELECT 1 FROM fta_requests WHERE tenant_id = ?1)",
        args![tenant_id],
        |r| r.get(0),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn new(kind: RequestType, received: &str, due: &str) -> NewRequest<'static> {
        NewRequest {
            kind,
            requester: "ann@example.com",
            tenant_id: None,
            region: Some(Region::Emea),
            received_on: d(received),
            due_on: d(due),
            attachments: &[Attachment::Sow, Attachment::CostBreakdown],
            mailboxes: None,
            source_env: None,
            justification: None,
            details: Some("x"),
        }
    }

    #[test]
    fn requests_round_trip_and_load_counts() {
        let s = Store::open_in_memory().unwrap();
        let c = &s.conn;
        upsert_architect(c, "ann", 2, &[Region::Emea]).unwrap();
        upsert_architect(c, "bob", 3, &[]).unwrap();
        let a = insert_request(c, &new(RequestType::EcifDwr, "2027-07-02", "2027-07-06")).unwrap();
        let b = insert_request(
            c,
            &new(RequestType::LandBenefit, "2027-07-01", "2027-07-05"),
        )
        .unwrap();
        let r = get_request(c, a).unwrap().unwrap();
        assert_eq!(r.kind, RequestType::EcifDwr);
        assert_eq!(r.route, "fta");
        assert_eq!(
            r.attachments,
            vec![Attachment::Sow, Attachment::CostBreakdown]
        );
        assert_eq!(r.region, Some(Region::Emea));
        assert_eq!(r.tenant, None);
        // Oldest received first.
        let all: Vec<i64> = list_requests(c, false)
            .unwrap()
            .iter()
            .map(|r| r.id)
            .collect();
        assert_eq!(all, vec![b, a]);
        // Only the fta-routed one is pending, and only once the horizon reaches it.
        assert!(pending_requests(c, d("2027-07-05")).unwrap().is_empty());
        assert_eq!(pending_requests(c, d("2027-07-06")).unwrap()[0].id, a);
        assign_request(c, a, "ann", d("2027-07-03")).unwrap();
        let ann = find_architect(c, "ANN").unwrap().unwrap();
        assert_eq!((ann.open, ann.ever), (1, 1));
        assert!(pending_requests(c, d("2027-07-06")).unwrap().is_empty());
        close_request(c, a, d("2027-07-09")).unwrap();
        let ann = find_architect(c, "ann").unwrap().unwrap();
        assert_eq!((ann.open, ann.ever), (0, 1));
        assert_eq!(list_requests(c, true).unwrap().len(), 1);
        assert!(find_architect(c, "cat").unwrap().is_none());
    }

    #[test]
    fn has_fta_request_per_tenant() {
        let s = Store::open_in_memory().unwrap();
        let c = &s.conn;
        c.execute_batch(
            "INSERT INTO customers (id, name, norm_name, key_suffix) VALUES (1, 'C', 'c', 'c');
             INSERT INTO tenants (id, domain, customer_id, source, added_on)
                 VALUES (1, 'a.example.com', 1, 'commerce', '2027-07-01'),
                        (2, 'b.example.com', 1, 'commerce', '2027-07-01');",
        )
        .unwrap();
        let mut n = new(RequestType::SalesSupport, "2027-07-01", "2027-07-05");
        n.tenant_id = Some(1);
        insert_request(c, &n).unwrap();
        assert!(has_fta_request(c, 1).unwrap());
        assert!(!has_fta_request(c, 2).unwrap());
    }
}
