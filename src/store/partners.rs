//! The partner on a tenant (at most one), and whether it is a FastTrack
//! Ready Partner (its MPN ID on the FRP list, looked up when read).

use super::contacts::split_list;
use super::Scope;
pub use crate::domain::contact::Partner;
use crate::error::Result;
use rusqlite::{params, Connection};
use std::collections::HashMap;

fn partner(r: &rusqlite::Row) -> rusqlite::Result<Partner> {
    let deploying: String = r.get(2)?;
    Ok(Partner {
        name: r.get(0)?,
        mpn: r.get(1)?,
        deploying: split_list(&deploying),
        is_frp: r.get(3)?,
    })
}

/// The partners listed on a tenant (candidates until one is confirmed by
/// deploying a workload), in the order they were first listed; empty when
/// none was ever recorded.
pub fn list_partners(conn: &Connection, tenant_id: i64) -> Result<Vec<Partner>> {
    let mut st = conn.prepare_cached(
        "SELECT p.name, p.mpn, p.deploying, f.mpn IS NOT NULL
         FROM partners p LEFT JOIN frps f ON f.mpn = p.mpn
         WHERE p.tenant_id = ?1 ORDER BY p.rowid",
    )?;
    let rows = st.query_map([tenant_id], partner)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The partners of every tenant in scope, by tenant.
pub fn all_partners(conn: &Connection, scope: Scope) -> Result<HashMap<i64, Vec<Partner>>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT p.name, p.mpn, p.deploying, f.mpn IS NOT NULL, p.tenant_id
         FROM partners p LEFT JOIN frps f ON f.mpn = p.mpn{} ORDER BY p.tenant_id, p.rowid",
        scope.clause("p")
    ))?;
    let mut out: HashMap<i64, Vec<Partner>> = HashMap::new();
    for row in st.query_map([scope.fm()], |r| Ok((r.get::<_, i64>(4)?, partner(r)?)))? {
        let (t, p) = row?;
        out.entry(t).or_default().push(p);
    }
    Ok(out)
}

/// Add a partner to the tenant, or update the one with its MPN ID; a real
/// partner replaces `No Partner Identified`. `is_frp` is not stored: it
/// follows the FRP list.
pub fn put_partner(conn: &Connection, tenant_id: i64, p: &Partner) -> Result<()> {
    conn.prepare_cached("DELETE FROM partners WHERE tenant_id = ?1 AND mpn = ?2")?
        .execute(params![tenant_id, crate::domain::contact::NO_PARTNER_MPN])?;
    conn.prepare_cached(
        "INSERT INTO partners (tenant_id, name, mpn, deploying) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (tenant_id, mpn) DO UPDATE
         SET name = excluded.name, deploying = excluded.deploying",
    )?
    .execute(params![tenant_id, p.name, p.mpn, p.deploying.join(",")])?;
    Ok(())
}

/// No partner deploys anything: every partner listed is replaced by
/// `No Partner Identified`.
pub fn set_no_partner(conn: &Connection, tenant_id: i64) -> Result<()> {
    conn.prepare_cached("DELETE FROM partners WHERE tenant_id = ?1")?
        .execute([tenant_id])?;
    put_partner(conn, tenant_id, &Partner::none())
}

/// Take one partner off the tenant's list; whether it was listed.
pub fn remove_partner(conn: &Connection, tenant_id: i64, mpn: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("DELETE FROM partners WHERE tenant_id = ?1 AND mpn = ?2")?
        .execute(params![tenant_id, mpn])?
        > 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn frp_follows_the_list() {
        let s = Store::open_in_memory().unwrap();
        s.conn
            .execute_batch(
                "INSERT INTO customers (id, name, norm_name, key_suffix) VALUES (1, 'A', 'a', 'a');
                 INSERT INTO tenants (id, domain, customer_id, source, added_on)
                 VALUES (7, 'a.example.com', 1, 'exception', '2027-07-01');",
            )
            .unwrap();
        assert_eq!(list_partners(&s.conn, 7).unwrap(), []);
        let p = Partner {
            name: "Sakura Digital".into(),
            mpn: "4410003".into(),
            deploying: vec!["teams".into()],
            is_frp: true, // ignored on write
        };
        put_partner(&s.conn, 7, &p).unwrap();
        let got = list_partners(&s.conn, 7).unwrap().remove(0);
        assert!(!got.is_frp);
        assert!(got.is_real() && got.is_engaged());
        s.conn
            .execute(
                "INSERT INTO frps (mpn, name) VALUES ('4410003', 'Sakura Digital')",
                [],
            )
            .unwrap();
        assert!(list_partners(&s.conn, 7).unwrap()[0].is_frp);
        // A second candidate, then none at all.
        let q = Partner {
            name: "Northwind".into(),
            mpn: "1234567".into(),
            deploying: Vec::new(),
            is_frp: false,
        };
        put_partner(&s.conn, 7, &q).unwrap();
        assert_eq!(list_partners(&s.conn, 7).unwrap().len(), 2);
        assert!(remove_partner(&s.conn, 7, "1234567").unwrap());
        assert!(!remove_partner(&s.conn, 7, "1234567").unwrap());
        set_no_partner(&s.conn, 7).unwrap();
        let none = list_partners(&s.conn, 7).unwrap().remove(0);
        assert_eq!(none, Partner::none());
        assert!(!none.is_real() && !none.is_engaged());
    }
}
