//! `ftc contact ...`: the people of a tenant: account team, partner, customer.

pub mod add;
pub mod engaged;
pub mod list;
pub mod remove;
pub mod set;

use crate::cli::Ctx;
use crate::domain::contact::{ContactKind, Role};
use crate::error::{refused, Result};
use crate::render::{self, Columns};
use crate::store::contacts::{get_contact_by_email, Contact};
use crate::store::sql::Db;
use crate::store::tenants::Tenant;
use clap::Subcommand;
use serde::Serialize;
use std::io::Write;

#[derive(Debug, Subcommand)]
pub enum ContactCommand {
    /// Add a contact: customer, partner or microsoft (the account team)
    Add(add::AddArgs),
    /// The contacts of a tenant: account team, partner, customer
    List(list::ListArgs),
    /// Change a contact: name, role, country, survey language, services, survey
    /// eligibility, do-not-contact, the partner a PDM or PSE manages
    Set(set::SetArgs),
    /// Remove a contact
    Remove(remove::RemoveArgs),
    /// Mark a contact IS ENGAGED
    Engaged(engaged::EngagedArgs),
}

pub fn run(ctx: &Ctx, out: &mut dyn Write, cmd: ContactCommand) -> Result<()> {
    match cmd {
        ContactCommand::Add(a) => add::run(ctx, out, a),
        ContactCommand::List(a) => list::run(ctx, out, a),
        ContactCommand::Set(a) => set::run(ctx, out, a),
        ContactCommand::Remove(a) => remove::run(ctx, out, a),
        ContactCommand::Engaged(a) => engaged::run(ctx, out, a),
    }
}

/// A contact as `contact list` and `tenant show` print it.
#[derive(Debug, Clone, Serialize)]
pub struct ContactView {
    pub name: String,
    pub email: String,
    pub kind: ContactKind,
    pub role: Option<Role>,
    pub country: Option<String>,
    pub survey_language: Option<String>,
    pub services: Vec<String>,
    pub survey_eligible: bool,
    pub do_not_contact: bool,
    pub engaged: bool,
    /// A PDM or PSE: the MPN ID of the partner it manages.
    pub partner: Option<String>,
}

impl ContactView {
    pub fn of(c: &Contact) -> ContactView {
        ContactView {
            name: c.name.clone(),
            email: c.email.clone(),
            kind: c.kind,
            role: c.role,
            country: c.country.clone(),
            survey_language: c.survey_language.clone(),
            services: c.services.clone(),
            survey_eligible: c.survey_eligible,
            do_not_contact: c.do_not_contact,
            engaged: c.engaged,
            partner: c.partner_mpn.clone(),
        }
    }
}

pub const CONTACT_COLUMNS: Columns = Columns {
    keys: &[
        "name",
        "email",
        "kind",
        "role",
        "country",
        "survey_language",
        "services",
        "survey_eligible",
        "do_not_contact",
        "engaged",
        "partner",
    ],
    table: &[
        ("name", "name"),
        ("email", "email"),
        ("kind", "kind"),
        ("role", "role"),
        ("flags", "flags"),
        ("services", "services"),
    ],
    flex: 5,
};

/// A contact as a table row: the three flags in one column, country and
/// survey language left out, services last (the column that wraps), so
/// that it fits 100 columns.
#[derive(Debug, Serialize)]
pub struct ContactRow {
    name: String,
    email: String,
    kind: ContactKind,
    role: Option<Role>,
    flags: String,
    services: Vec<String>,
}

impl ContactRow {
    pub fn of(c: &ContactView) -> ContactRow {
        let flags: Vec<&str> = [
            (c.survey_eligible, "survey"),
            (c.do_not_contact, "do-not-contact"),
            (c.engaged, "engaged"),
        ]
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, f)| *f)
        .collect();
        ContactRow {
            name: c.name.clone(),
            email: c.email.clone(),
            kind: c.kind,
            role: c.role,
            flags: flags.join(", "),
            services: c.services.clone(),
        }
    }
}

/// Render contacts: the table shows [`ContactRow`]s, the other formats
/// every key of [`ContactView`].
pub fn render_contacts(out: &mut dyn Write, ctx: &Ctx, views: &[ContactView]) -> Result<()> {
    if ctx.is_table() {
        let rows: Vec<ContactRow> = views.iter().map(ContactRow::of).collect();
        render::list(out, ctx.style, &rows, &CONTACT_COLUMNS)
    } else {
        render::list(out, ctx.style, views, &CONTACT_COLUMNS)
    }
}

/// "Ann Lee <ann@contoso.com>"
pub fn who(c: &Contact) -> String {
    format!("{} <{}>", c.name, c.email)
}

/// The tenant's contact with this e-mail address, or a refusal naming the
/// addresses it has.
pub fn find_contact(conn: Db<'_>, t: &Tenant, email: &str) -> Result<Contact> {
    if let Some(c) = get_contact_by_email(conn, t.id, email)? {
        return Ok(c);
    }
    let known: Vec<String> = crate::store::contacts::list_contacts(conn, t.id)?
        .into_iter()
        .map(|c| c.email)
        .collect();
    let err = refused(format!("{} has no contact {email}", t.domain));
    Err(if known.is_empty() {
        err.with_hint(format!(
            "it has no contacts yet; `ftc contact add {}` adds one",
            t.domain
        ))
    } else {
        err.with_hint(format!("its contacts: {}", known.join(", ")))
    }
    .into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_match_the_view() {
        let v = ContactView {
            name: "A".into(),
            email: "a@b.com".into(),
            kind: ContactKind::Customer,
            role: None,
            country: None,
            survey_language: None,
            services: vec![],
            survey_eligible: false,
            do_not_contact: false,
            engaged: false,
            partner: None,
        };
        let json = serde_json::to_value(&v).unwrap();
        let keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, CONTACT_COLUMNS.keys);
    }
}
