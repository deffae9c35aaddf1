//! Contacts of a tenant: the account team, the partner's people, the
//! customer's people. E-mail addresses are unique per tenant, in any case.

use super::sql::{Db, Row};
use super::Scope;
use crate::args;
pub use crate::domain::contact::Contact;
use crate::domain::contact::{ContactKind, Role};
use crate::error::Result;
use chrono::NaiveDate;
use std::collections::HashMap;

/// A contact to insert.
#[derive(Debug, Clone)]
pub struct NewContact<'a> {
    pub tenant_id: i64,
    pub kind: ContactKind,
    pub name: &'a str,
    pub email: &'a str,
    pub role: Option<Role>,
    pub country: Option<&'a str>,
    pub survey_language: Option<&'a str>,
    pub services: &'a [String],
    pub survey_eligible: bool,
    pub do_not_contact: bool,
    pub added_on: NaiveDate,
    /// A PDM or PSE: the partner it manages.
    pub partner_mpn: Option<&'a str>,
}

/// The columns of a contact (its name and e-mail hidden from a reader
/// the server does not let read them).
fn select(db: Db) -> String {
    format!(
        "SELECT id, tenant_id, kind, {}, {}, role, country, survey_language,
        services, survey_eligible, do_not_contact, engaged, added_on, partner_mpn
     FROM contacts",
        db.personal("name", "''"),
        db.personal("email", "'(hidden)'")
    )
}

/// Account team first, then the partner, then the customer: the order of the
/// cadence; within a kind, the order they were added.
const ORDER: &str =
    "ORDER BY CASE kind WHEN 'microsoft' THEN 0 WHEN 'partner' THEN 1 ELSE 2 END, id";

fn contact(r: &Row) -> Result<Contact> {
    let kind: String = r.get(2)?;
    let role: Option<String> = r.get(5)?;
    let services: Option<String> = r.get(8)?;
    let bad = |what: &str, e: String| anyhow::anyhow!("a stored contact's {what}: {e}");
    Ok(Contact {
        id: r.get(0)?,
        tenant_id: r.get(1)?,
        kind: kind.parse().map_err(|e| bad("kind", e))?,
        name: r.get(3)?,
        email: r.get(4)?,
        role: role
            .map(|s| s.parse::<Role>())
            .transpose()
            .map_err(|e| bad("role", e))?,
        country: r.get(6)?,
        survey_language: r.get(7)?,
        services: split_list(services.as_deref().unwrap_or("")),
        survey_eligible: r.get(9)?,
        do_not_contact: r.get(10)?,
        engaged: r.get(11)?,
        added_on: r.get(12)?,
        partner_mpn: r.get(13)?,
    })
}

/// A stored comma-separated list.
pub(crate) fn split_list(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(String::from)
        .collect()
}

/// Every contact of a tenant: account team, partner, customer; each in the
/// order added.
pub fn list_contacts<'c>(db: impl Into<Db<'c>>, tenant_id: i64) -> Result<Vec<Contact>> {
    let db = db.into();
    db.all(
        &format!("{} WHERE tenant_id = ?1 {ORDER}", select(db)),
        args![tenant_id],
        contact,
    )
}

/// The contacts of every tenant in scope, by tenant, each tenant's in the
/// order of [`list_contacts`].
pub fn all_contacts<'c>(db: impl Into<Db<'c>>, scope: Scope) -> Result<HashMap<i64, Vec<Contact>>> {
    let db = db.into();
    let mut out: HashMap<i64, Vec<Contact>> = HashMap::new();
    db.each(
        &format!(
            "SELECT c.id, c.tenant_id, c.kind, {}, {}, c.role, c.country,
                    c.survey_language, c.services, c.survey_eligible, c.do_not_contact, c.engaged,
                    c.added_on, c.partner_mpn
             FROM contacts c{}
             ORDER BY c.tenant_id,
                      CASE c.kind WHEN 'microsoft' THEN 0 WHEN 'partner' THEN 1 ELSE 2 END, c.id",
            db.personal("c.name", "''"),
            db.personal("c.email", "'(hidden)'"),
            scope.clause("c")
        ),
        args![scope.fm()],
        |r| {
            let c = contact(r)?;
            out.entry(c.tenant_id).or_default().push(c);
            Ok(())
        },
    )?;
    Ok(out)
}

/// A tenant's contact by e-mail address, in any case.
pub fn get_contact_by_email<'c>(
    db: impl Into<Db<'c>>,
    tenant_id: i64,
    email: &str,
) -> Result<Option<Contact>> {
    let db = db.into();
    db.first(
        &format!(
            "{} WHERE tenant_id = ?1 AND lower(email) = lower(?2)",
            select(db)
        ),
        args![tenant_id, email],
        contact,
    )
}

pub fn insert_contact<'c>(db: impl Into<Db<'c>>, c: &NewContact) -> Result<i64> {
    db.into().insert(
        "INSERT INTO contacts (tenant_id, kind, name, email, role, country, survey_language,
             services, survey_eligible, do_not_contact, engaged, added_on, partner_mpn)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 0, ?11, ?12)",
        args![
            c.tenant_id,
            c.kind.as_str(),
            c.name,
            c.email,
            c.role.map(Role::as_str),
            c.country,
            c.survey_language,
            (!c.services.is_empty()).then(|| c.services.join(",")),
            c.survey_eligible,
            c.do_not_contact,
            c.added_on,
            c.partner_mpn,
        ],
    )
}

/// Write a contact's changeable fields (all but its tenant, kind, e-mail
/// address, engagement and date added) as `c` has them.
pub fn update_contact<'c>(db: impl Into<Db<'c>>, c: &Contact) -> Result<()> {
    db.into().execute(
        "UPDATE contacts SET name = ?2, role = ?3, country = ?4, survey_language = ?5,
             services = ?6, survey_eligible = ?7, do_not_contact = ?8, partner_mpn = ?9
         WHERE id = ?1",
        args![
            c.id,
            c.name,
            c.role.map(Role::as_str),
            c.country,
            c.survey_language,
            (!c.services.is_empty()).then(|| c.services.join(",")),
            c.survey_eligible,
            c.do_not_contact,
            c.partner_mpn,
        ],
    )?;
    Ok(())
}

pub fn get_contact<'c>(db: impl Into<Db<'c>>, id: i64) -> Result<Option<Contact>> {
    let db = db.into();
    db.first(&format!("{} WHERE id = ?1", select(db)), args![id], contact)
}

pub fn delete_contact<'c>(db: impl Into<Db<'c>>, id: i64) -> Result<()> {
    db.into()
        .execute("DELETE FROM contacts WHERE id = ?1", args![id])?;
    Ok(())
}

/// Mark a contact IS ENGAGED. Returns whether it changed (false when it was
/// engaged already).
pub fn set_engaged<'c>(db: impl Into<Db<'c>>, id: i64) -> Result<bool> {
    let n = db.into().execute(
        "UPDATE contacts SET engaged = 1 WHERE id = ?1 AND engaged = 0",
        args![id],
    )?;
    Ok(n > 0)
}

/// Remove every partner contact of a tenant; returns those removed.
pub fn delete_partner_contacts<'c>(db: impl Into<Db<'c>>, tenant_id: i64) -> Result<Vec<Contact>> {
    let db = db.into();
    let gone: Vec<Contact> = list_contacts(db, tenant_id)?
        .into_iter()
        .filter(|c| c.kind == ContactKind::Partner)
        .collect();
    db.execute(
        "DELETE FROM contacts WHERE tenant_id = ?1 AND kind = 'partner'",
        args![tenant_id],
    )?;
    Ok(gone)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;
    use rusqlite::Connection;

    fn tenant(conn: &Connection) -> i64 {
        conn.execute_batch(
            "INSERT INTO customers (id, name, norm_name, key_suffix) VALUES (1, 'A', 'a', 'a');
             INSERT INTO tenants (id, domain, customer_id, source, added_on)
             VALUES (7, 'a.example.com', 1, 'exception', '2027-07-01');",
        )
        .unwrap();
        7
    }

    fn new<'a>(kind: ContactKind, email: &'a str, services: &'a [String]) -> NewContact<'a> {
        NewContact {
            tenant_id: 7,
            kind,
            name: "N",
            email,
            role: (kind == ContactKind::Microsoft).then_some(Role::Pdm),
            country: None,
            survey_language: None,
            services,
            survey_eligible: false,
            do_not_contact: false,
            added_on: NaiveDate::from_ymd_opt(2027, 7, 1).unwrap(),
            partner_mpn: None,
        }
    }

    #[test]
    fn round_trip_order_and_partner_removal() {
        let s = Store::open_in_memory().unwrap();
        let t = tenant(&s.conn);
        let svc = vec!["exchange".to_string(), "teams".to_string()];
        insert_contact(&s.conn, &new(ContactKind::Customer, "c@x.com", &svc)).unwrap();
        insert_contact(&s.conn, &new(ContactKind::Partner, "p@x.com", &svc)).unwrap();
        let am = insert_contact(&s.conn, &new(ContactKind::Microsoft, "m@x.com", &[])).unwrap();
        let all = list_contacts(&s.conn, t).unwrap();
        let kinds: Vec<ContactKind> = all.iter().map(|c| c.kind).collect();
        assert_eq!(
            kinds,
            [
                ContactKind::Microsoft,
                ContactKind::Partner,
                ContactKind::Customer
            ]
        );
        assert_eq!(all[2].services, svc);
        assert_eq!(all[0].role, Some(Role::Pdm));
        assert!(all[0].services.is_empty());

        assert_eq!(
            get_contact_by_email(&s.conn, t, "C@X.COM")
                .unwrap()
                .unwrap()
                .email,
            "c@x.com"
        );
        assert!(set_engaged(&s.conn, am).unwrap());
        assert!(!set_engaged(&s.conn, am).unwrap());
        assert!(get_contact(&s.conn, am).unwrap().unwrap().engaged);

        let gone = delete_partner_contacts(&s.conn, t).unwrap();
        assert_eq!(gone.len(), 1);
        assert_eq!(list_contacts(&s.conn, t).unwrap().len(), 2);
    }
}
