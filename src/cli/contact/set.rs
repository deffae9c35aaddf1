//! `ftc contact set TENANT EMAIL`: change a contact's fields, with the
//! checks of `contact add`.

use super::add::{check, text, Draft};
use super::{find_contact, who, ContactView};
use crate::cli::Ctx;
use crate::domain::contact::Role;
use crate::domain::values::parse_email;
use crate::error::{invalid, Result};
use crate::render;
use crate::store::contacts::update_contact;
use crate::store::history::record;
use crate::store::tenants::resolve_tenant;
use clap::builder::BoolishValueParser;
use clap::Args;
use std::io::Write;

#[derive(Debug, Args)]
pub struct SetArgs {
    /// Domain, its first label, or tenant ID
    pub tenant: String,
    /// The contact's e-mail address (any case)
    #[arg(value_parser = parse_email)]
    pub email: String,
    /// The person's name
    #[arg(long, value_parser = crate::domain::contact::parse_name)]
    pub name: Option<String>,
    /// The account-team role (microsoft contacts only)
    #[arg(long, value_enum)]
    pub role: Option<Role>,
    /// Country or region (customer contacts need one)
    #[arg(long)]
    pub country: Option<String>,
    /// Language of the satisfaction survey (customer contacts need one)
    #[arg(long, value_name = "LANGUAGE")]
    pub survey_language: Option<String>,
    /// Services assisted with, replacing the list: workloads by slug, name or
    /// alias, comma-separated
    #[arg(long, value_name = "W,...")]
    pub services: Option<String>,
    /// Whether the contact may receive the satisfaction survey (customer contacts only)
    #[arg(long, value_name = "yes|no", value_parser = BoolishValueParser::new())]
    pub survey_eligible: Option<bool>,
    /// Whether the contact must never be e-mailed
    #[arg(long, value_name = "yes|no", value_parser = BoolishValueParser::new())]
    pub do_not_contact: Option<bool>,
    /// A PDM or PSE: the MPN ID of the partner it manages
    #[arg(long, value_name = "MPN", value_parser = crate::domain::contact::parse_mpn,
          conflicts_with = "no_partner")]
    pub partner: Option<String>,
    /// A PDM or PSE: no longer tied to one partner
    #[arg(long)]
    pub no_partner: bool,
}

/// Prints the contact as changed.
pub fn run(ctx: &Ctx, out: &mut dyn Write, a: SetArgs) -> Result<()> {
    let given_text = [&a.country, &a.survey_language, &a.services];
    if a.name.is_none()
        && a.role.is_none()
        && given_text.iter().all(|v| v.is_none())
        && a.survey_eligible.is_none()
        && a.do_not_contact.is_none()
        && a.partner.is_none()
        && !a.no_partner
    {
        return Err(invalid("nothing to change")
            .with_hint(
                "give what changes: --name, --role, --country, --survey-language, --services, \
                 --survey-eligible yes|no, --do-not-contact yes|no, --partner MPN or --no-partner",
            )
            .into());
    }
    let mut store = ctx.open_store()?;
    let tx = store.write()?;
    let t = resolve_tenant(&tx, &a.tenant)?;
    let old = find_contact(tx.db(), &t, &a.email)?;
    let mut c = old.clone();
    if let Some(n) = &a.name {
        c.name = n.clone();
    }
    if a.role.is_some() {
        c.role = a.role;
    }
    // An empty text clears the field (the checks then say if it is required).
    if a.country.is_some() {
        c.country = text(&a.country);
    }
    if a.survey_language.is_some() {
        c.survey_language = text(&a.survey_language);
    }
    if let Some(v) = a.survey_eligible {
        c.survey_eligible = v;
    }
    if let Some(v) = a.do_not_contact {
        c.do_not_contact = v;
    }
    if a.partner.is_some() {
        c.partner_mpn = a.partner.clone();
    }
    if a.no_partner {
        c.partner_mpn = None;
    }
    let services = text(&a.services)
        .or_else(|| (a.services.is_none() && !c.services.is_empty()).then(|| c.services.join(",")));
    c.services = check(&Draft {
        kind: c.kind,
        role: c.role,
        country: c.country.as_deref(),
        survey_language: c.survey_language.as_deref(),
        services: services.as_deref(),
        survey_eligible: c.survey_eligible,
        partner: c.partner_mpn.as_deref(),
    })?;
    let changes = changes(&old, &c);
    if changes.is_empty() {
        ctx.say(&format!("{}: {} unchanged", t.domain, who(&c)));
        return render::one(out, ctx.style, &ContactView::of(&c));
    }
    update_contact(&tx, &c)?;
    let what = format!(
        "changed {} contact {}: {}",
        c.kind,
        who(&c),
        changes.join("; ")
    );
    record(&tx, &ctx.stamp(), Some(t.id), "contact.set", &what)?;
    tx.commit()?;
    ctx.say(&format!("{}: {what}", t.domain));
    render::one(out, ctx.style, &ContactView::of(&c))
}

/// What changed, for the history ("role pdm → pse").
fn changes(
    old: &crate::store::contacts::Contact,
    new: &crate::store::contacts::Contact,
) -> Vec<String> {
    let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "none".into());
    let yes = |b: bool| if b { "yes" } else { "no" };
    let mut out = Vec::new();
    if old.name != new.name {
        out.push(format!("name {} → {}", old.name, new.name));
    }
    if old.role != new.role {
        let r = |r: Option<Role>| r.map_or("none".to_string(), |r| r.to_string());
        out.push(format!("role {} → {}", r(old.role), r(new.role)));
    }
    if old.country != new.country {
        out.push(format!(
            "country {} → {}",
            opt(&old.country),
            opt(&new.country)
        ));
    }
    if old.survey_language != new.survey_language {
        out.push(format!(
            "survey language {} → {}",
            opt(&old.survey_language),
            opt(&new.survey_language)
        ));
    }
    if old.services != new.services {
        out.push(format!(
            "services {} → {}",
            old.services.join(", "),
            new.services.join(", ")
        ));
    }
    if old.survey_eligible != new.survey_eligible {
        out.push(format!("survey eligible {}", yes(new.survey_eligible)));
    }
    if old.do_not_contact != new.do_not_contact {
        out.push(format!("do not contact {}", yes(new.do_not_contact)));
    }
    if old.partner_mpn != new.partner_mpn {
        out.push(format!(
            "partner {} → {}",
            opt(&old.partner_mpn),
            opt(&new.partner_mpn)
        ));
    }
    out
}
