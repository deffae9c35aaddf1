//! The partner on a tenant (at most one), and whether it is a FastTrack
//! Ready Partner (its MPN ID on the FRP list, looked up when read).

use super::contacts::split_list;
use super::Scope;
pub use crate::domain::contact::Partner;
use crate::error::Result;
use rusqlite::{params, Connection, OptionalExtension};
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

/// The partner of a tenant, `None` when none was ever recorded.
pub fn get_partner(conn: &Connection, tenant_id: i64) -> Result<Option<Partner>> {
    Ok(conn
        .prepare_cached(
            "SELECT p.name, p.mpn, p.deploying, f.mpn IS NOT NULL
             FROM partners p LEFT JOIN frps f ON f.mpn = p.mpn
             WHERE p.tenant_id = ?1",
        )?
        .query_row([tenant_id], partner)
        .optional()?)
}

/// The partner of every tenant in scope, by tenant.
pub fn all_partners(conn: &Connection, scope: Scope) -> Result<HashMap<i64, Partner>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT p.name, p.mpn, p.deploying, f.mpn IS NOT NULL, p.tenant_id
         FROM partners p LEFT JOIN frps f ON f.mpn = p.mpn{}",
        scope.clause("p")
    ))?;
    let rows = st.query_map([scope.fm()], |r| Ok((r.get::<_, i64>(4)?, partner(r)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Record the tenant's partner, replacing any earlier one. `is_frp` is not
/// stored: it follows the FRP list.
pub fn set_partner(conn: &Connection, tenant_id: i64, p: &Partner) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO partners (tenant_id, name, mpn, deploying) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (tenant_id) DO UPDATE
         SET name = excluded.name, mpn = excluded.mpn, deploying = excluded.deploying",
    )?
    .execute(params![tenant_id, p.name, p.mpn, p.deploying.join(",")])?;
    Ok(())
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
        assert_eq!(get_partner(&s.conn, 7).unwrap(), None);
        let p = Partner {
            name: "Sakura Digital".into(),
            mpn: "4410003".into(),
            deploying: vec!["teams".into()],
            is_frp: true, // ignored on write
        };
        set_partner(&s.conn, 7, &p).unwrap();
        let got = get_partner(&s.conn, 7).unwrap().unwrap();
        assert!(!got.is_frp);
        assert!(got.is_real() && got.is_engaged());
        s.conn
            .execute(
                "INSERT INTO frps (mpn, name) VALUES ('4410003', 'Sakura Digital')",
                [],
            )
            .unwrap();
        assert!(get_partner(&s.conn, 7).unwrap().unwrap().is_frp);

        set_partner(&s.conn, 7, &Partner::none()).unwrap();
        let none = get_partner(&s.conn, 7).unwrap().unwrap();
        assert_eq!(none, Partner::none());
        assert!(!none.is_real() && !none.is_engaged());
    }
}
