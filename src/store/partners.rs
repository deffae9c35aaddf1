//! The partner on a tenant (at most one), and whether it is a FastTrack
//! Ready Partner (its MPN ID on the FRP list, looked up when read).

use super::contacts::split_list;
use super::sql::{Db, Row};
use super::Scope;
use crate::args;
pub use crate::domain::contact::Partner;
use crate::error::Result;
use std::collections::HashMap;

fn partner(r: &Row) -> Result<Partner> {
    let deploying: String = r.get(2)?;
    Ok(Partner {
        name: r.get(0)?,
        mpn: r.get(1)?,
        deploying: split_list(&deploying),
        is_frp: r.get(3)?,
    })
}

/// A tenant's partners, in the order they were listed.
pub fn list_partners<'c>(db: impl Into<Db<'c>>, tenant_id: i64) -> Result<Vec<Partner>> {
    db.into().all(
        "SELECT p.name, p.mpn, p.deploying, f.mpn IS NOT NULL
         FROM partners p LEFT JOIN frps f ON f.mpn = p.mpn
         WHERE p.tenant_id = ?1 ORDER BY p.position",
        args![tenant_id],
        partner,
    )
}

pub fn all_partners<'c>(db: impl Into<Db<'c>>, scope: Scope) -> Result<HashMap<i64, Vec<Partner>>> {
    let mut out: HashMap<i64, Vec<Partner>> = HashMap::new();
    db.into().each(
        &format!(
            "SELECT p.name, p.mpn, p.deploying, f.mpn IS NOT NULL, p.tenant_id
             FROM partners p LEFT JOIN frps f ON f.mpn = p.mpn{} ORDER BY p.tenant_id, p.position",
            scope.clause("p")
        ),
        args![scope.fm()],
        |r| {
            out.entry(r.get::<i64>(4)?).or_default().push(partner(r)?);
            Ok(())
        },
    )?;
    Ok(out)
}

/// List a partner on a tenant, or update the one with its MPN ID (which
/// keeps its place in the list).
pub fn put_partner<'c>(db: impl Into<Db<'c>>, tenant_id: i64, p: &Partner) -> Result<()> {
    let db = db.into();
    db.execute(
        "DELETE FROM partners WHERE tenant_id = ?1 AND mpn = ?2",
        args![tenant_id, crate::domain::contact::NO_PARTNER_MPN],
    )?;
    db.execute(
        "INSERT INTO partners (tenant_id, name, mpn, deploying, position)
         VALUES (?1, ?2, ?3, ?4, (SELECT coalesce(max(position), 0) + 1 FROM partners))
         ON CONFLICT (tenant_id, mpn) DO UPDATE
         SET name = excluded.name, deploying = excluded.deploying",
        args![tenant_id, p.name, p.mpn, p.deploying.join(",")],
    )?;
    Ok(())
}

pub fn set_no_partner<'c>(db: impl Into<Db<'c>>, tenant_id: i64) -> Result<()> {
    let db = db.into();
    db.execute(
        "DELETE FROM partners WHERE tenant_id = ?1",
        args![tenant_id],
    )?;
    put_partner(db, tenant_id, &Partner::none())
}

pub fn remove_partner<'c>(db: impl Into<Db<'c>>, tenant_id: i64, mpn: &str) -> Result<bool> {
    Ok(db.into().execute(
        "DELETE FROM partners WHERE tenant_id = ?1 AND mpn = ?2",
        args![tenant_id, mpn],
    )? > 0)
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
