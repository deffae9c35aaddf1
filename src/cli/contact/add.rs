//! `ftc contact add`: a customer, partner or account-team contact, with the
//! required fields of its kind (SPEC 3.2).

use super::{who, ContactView};
use crate::cli::Ctx;
use crate::domain::contact::{missing_fields, parse_name, ContactKind, Given, Role};
use crate::domain::values::parse_email;
use crate::error::{invalid, refused, Result};
use crate::reference::workloads;
use crate::render;
use crate::store::contacts::{get_contact, get_contact_by_email, insert_contact, NewContact};
use crate::store::history::record;
use crate::store::tenants::resolve_tenant;
use clap::Args;
use std::io::Write;

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Domain, its first label, or tenant ID
    pub tenant: String,
    /// customer, partner, or microsoft (the account team)
    #[arg(long, value_enum)]
    pub kind: ContactKind,
    /// The person's name
    #[arg(long, value_parser = parse_name)]
    pub name: String,
    /// The e-mail address (unique on the tenant, in any case)
    #[arg(long, value_parser = parse_email)]
    pub email: String,
    /// The account-team role (required for microsoft contacts, only for them)
    #[arg(long, value_enum)]
    pub role: Option<Role>,
    /// Country or region (required for customer contacts)
    #[arg(long)]
    pub country: Option<String>,
    /// Language of the satisfaction survey (required for customer contacts)
    #[arg(long, value_name = "LANGUAGE")]
    pub survey_language: Option<String>,
    /// Services assisted with: workloads by slug, name or alias, comma-separated
    /// (required for customer and partner contacts)
    #[arg(long, value_name = "W,...")]
    pub services: Option<String>,
    /// The contact may receive the satisfaction survey (customer contacts only)
    #[arg(long)]
    pub survey_eligible: bool,
    /// Never e-mail this contact
    #[arg(long)]
    pub do_not_contact: bool,
    /// A PDM or PSE: the MPN ID of the partner it manages (it is then not
    /// copied on another partner's e-mails)
    #[arg(long, value_name = "MPN", value_parser = crate::domain::contact::parse_mpn)]
    pub partner: Option<String>,
}

/// A free-text field: trimmed, `None` when empty.
pub(super) fn text(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
}

/// A contact's fields as given to `contact add`, or as `contact set` would
/// leave them.
pub(super) struct Draft<'a> {
    pub kind: ContactKind,
    pub role: Option<Role>,
    pub country: Option<&'a str>,
    pub survey_language: Option<&'a str>,
    /// Workloads as given: slugs, names or aliases, comma-separated.
    pub services: Option<&'a str>,
    pub survey_eligible: bool,
    pub partner: Option<&'a str>,
}

/// The checks every contact passes, added or changed: the fields its kind
/// requires, one-line texts, a role only for the account team, a managed
/// partner only for a PDM or PSE, the survey only for the customer. The
/// services, parsed.
pub(super) fn check(d: &Draft) -> Result<Vec<String>> {
    let services_text = d
        .services
        .filter(|s| s.split(',').any(|p| !p.trim().is_empty()));
    let missing = missing_fields(
        d.kind,
        Given {
            role: d.role.is_some(),
            country: d.country.is_some(),
            survey_language: d.survey_language.is_some(),
            services: services_text.is_some(),
        },
    );
    if !missing.is_empty() {
        return Err(
            invalid(format!("a {} contact needs {}", d.kind, missing.join(", ")))
                .with_hint(format!(
                    "give {}{}",
                    missing
                        .iter()
                        .map(|f| format!("{f} {}", placeholder(f)))
                        .collect::<Vec<_>>()
                        .join(" "),
                    if missing.contains(&"--role") {
                        format!(" (one of {})", Role::ALL.map(Role::as_str).join(", "))
                    } else {
                        String::new()
                    }
                ))
                .into(),
        );
    }
    for (flag, v) in [
        ("--country", d.country),
        ("--survey-language", d.survey_language),
    ] {
        if v.is_some_and(|s| s.contains(['\n', '\r'])) {
            return Err(invalid(format!("{flag}: more than one line")).into());
        }
    }
    if d.role.is_some() && d.kind != ContactKind::Microsoft {
        return Err(invalid(format!(
            "--role is the account-team role; a {} contact has none",
            d.kind
        ))
        .with_hint("leave out --role, or use --kind microsoft for someone of the account team")
        .into());
    }
    if d.partner.is_some() && !matches!(d.role, Some(Role::Pdm) | Some(Role::Pse)) {
        return Err(invalid(
            "--partner names the partner a PDM or PSE manages; this contact is neither",
        )
        .with_hint("give --kind microsoft --role pdm (or pse) with --partner, or leave it out")
        .into());
    }
    if d.survey_eligible && d.kind != ContactKind::Customer {
        return Err(refused(format!(
            "a {} contact cannot be survey eligible: the survey goes to the customer",
            d.kind
        ))
        .with_hint("leave out --survey-eligible")
        .into());
    }
    Ok(match services_text {
        Some(s) => workloads::parse_list(s)
            .map_err(|e| refused(format!("--services: {e}")).with_hint(WORKLOAD_HINT))?,
        None => Vec::new(),
    })
}

pub fn run(ctx: &Ctx, out: &mut dyn Write, a: AddArgs) -> Result<()> {
    let country = text(&a.country);
    let language = text(&a.survey_language);
    let services = check(&Draft {
        kind: a.kind,
        role: a.role,
        country: country.as_deref(),
        survey_language: language.as_deref(),
        services: text(&a.services).as_deref(),
        survey_eligible: a.survey_eligible,
        partner: a.partner.as_deref(),
    })?;

    let mut store = ctx.open_store()?;
    let tx = store.write()?;
    let t = resolve_tenant(&tx, &a.tenant)?;
    if let Some(c) = get_contact_by_email(&tx, t.id, &a.email)? {
        return Err(refused(format!(
            "{} is a {} contact of {} already ({})",
            c.email, c.kind, t.domain, c.name
        ))
        .with_hint(format!(
            "to change it: `ftc contact set {} {} --name ... --role ...`",
            t.domain, c.email
        ))
        .into());
    }
    let id = insert_contact(
        &tx,
        &NewContact {
            tenant_id: t.id,
            kind: a.kind,
            name: &a.name,
            email: &a.email,
            role: a.role,
            country: country.as_deref(),
            survey_language: language.as_deref(),
            services: &services,
            survey_eligible: a.survey_eligible,
            do_not_contact: a.do_not_contact,
            added_on: ctx.today,
            partner_mpn: a.partner.as_deref(),
        },
    )?;
    let c =
        get_contact(&tx, id)?.ok_or_else(|| anyhow::anyhow!("contact vanished after insert"))?;
    let mut what = format!("added {} contact {}", c.kind, who(&c));
    let mut traits: Vec<String> = Vec::new();
    if let Some(r) = c.role {
        traits.push(r.to_string());
    }
    if !c.services.is_empty() {
        traits.push(c.services.join(", "));
    }
    if c.survey_eligible {
        traits.push("survey eligible".into());
    }
    if c.do_not_contact {
        traits.push("do not contact".into());
    }
    if !traits.is_empty() {
        what.push_str(&format!(" ({})", traits.join("; ")));
    }
    record(&tx, &ctx.stamp(), Some(t.id), "contact.add", &what)?;
    tx.commit()?;
    ctx.say(&format!("{}: {what}", t.domain));
    render::one(out, ctx.style, &ContactView::of(&c))
}

/// What to do about an unknown workload.
pub const WORKLOAD_HINT: &str =
    "name workloads by slug, display name or alias, separated by commas (exchange, SharePoint Online, spo)";

fn placeholder(flag: &str) -> &'static str {
    match flag {
        "--country" => "COUNTRY",
        "--survey-language" => "LANGUAGE",
        "--services" => "W,...",
        "--role" => "ROLE",
        _ => "VALUE",
    }
}
