//! `ftc fta request --type T --requester EMAIL ...`: record a request for a
//! FastTrack Architect, refused while incomplete, routed by its type, due
//! `fta.sla_business_days` business days after it was received.

use super::{describe, RequestView};
use crate::cli::Ctx;
use crate::domain::fta::{missing, Attachment, Given, RequestType};
use crate::domain::values::{parse_date, parse_email, parse_region, Region};
use crate::error::{invalid, refused, Result};
use crate::render;
use crate::store::fta::{get_request, insert_request, NewRequest};
use crate::store::history::record;
use crate::store::tenants::resolve_tenant;
use chrono::NaiveDate;
use clap::Args;
use std::io::Write;

#[derive(Debug, Args)]
pub struct RequestArgs {
    /// The request type (funding: discovery-workshop and ecif-dwr need the three attachments)
    #[arg(long = "type", value_enum, value_name = "T")]
    pub kind: RequestType,
    /// Who asked
    #[arg(long, value_parser = parse_email, value_name = "EMAIL")]
    pub requester: String,
    /// The tenant it is about (domain, first label or tenant ID); its region is the request's
    #[arg(long, value_name = "TENANT")]
    pub tenant: Option<String>,
    /// The region, when there is no tenant (or the tenant has none)
    #[arg(long, value_parser = parse_region, value_name = "R")]
    pub region: Option<Region>,
    /// The day it was received [default: today]
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub received: Option<NaiveDate>,
    /// An attachment it carries (repeat for more)
    #[arg(long = "attach", value_enum, value_name = "A")]
    pub attachments: Vec<Attachment>,
    /// Migration exceptions: how many mailboxes
    #[arg(long, value_name = "N")]
    pub mailboxes: Option<u32>,
    /// Migration exceptions: the source environment
    #[arg(long, value_name = "TEXT")]
    pub source_env: Option<String>,
    /// Migration exceptions: the business justification
    #[arg(long, value_name = "TEXT")]
    pub justification: Option<String>,
    /// Anything else the architect should know
    #[arg(long, value_name = "TEXT")]
    pub details: Option<String>,
}

fn no_region() -> anyhow::Error {
    invalid("a request needs --tenant or --region")
        .with_hint("the due date counts business days on the region's calendar")
        .into()
}

fn t_region(t: &Option<crate::store::tenants::Tenant>) -> Option<Region> {
    t.as_ref().and_then(|t| t.region)
}

/// Trimmed; empty counts as not given.
fn text(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(String::from)
}

pub fn run(ctx: &Ctx, out: &mut dyn Write, a: RequestArgs) -> Result<()> {
    if a.tenant.is_none() && a.region.is_none() {
        return Err(no_region());
    }
    let mut attachments = a.attachments.clone();
    attachments.sort();
    attachments.dedup();
    let given = Given {
        attachments: attachments.clone(),
        mailboxes: a.mailboxes,
        source_env: text(&a.source_env),
        justification: text(&a.justification),
    };
    let received = a.received.unwrap_or(ctx.today);
    if received > ctx.today {
        return Err(refused(format!(
            "--received {received} is after today ({})",
            ctx.today
        ))
        .into());
    }
    let cal = ctx.calendar()?;

    let mut store = ctx.open_store()?;
    let tx = store.write()?;
    let tenant = a
        .tenant
        .as_deref()
        .map(|t| resolve_tenant(&tx, t))
        .transpose()?;
    let region = match (&tenant, t_region(&tenant), a.region) {
        (Some(t), Some(tr), Some(r)) if tr != r => {
            return Err(refused(format!("{} is in {tr}, not {r}", t.domain))
                .with_hint("leave out --region: a request takes its tenant's region")
                .into());
        }
        (_, Some(tr), _) => tr,
        (_, None, Some(r)) => r,
        (Some(t), None, None) => {
            return Err(refused(format!("{} has no region", t.domain))
                .with_hint(format!(
                    "pass --region, or set the tenant's with `ftc tenant set {} --region R`",
                    t.domain
                ))
                .into());
        }
        (None, None, None) => return Err(no_region()),
    };
    let lacking = missing(a.kind, &given);
    if !lacking.is_empty() {
        return Err(refused(format!(
            "the {} request is incomplete: missing {}",
            a.kind.as_str(),
            lacking.join(", ")
        ))
        .with_hint("give every missing item; nothing was recorded")
        .into());
    }
    let due = cal.add_business_days(Some(region), received, ctx.config.fta.sla_business_days);
    let details = text(&a.details);
    let id = insert_request(
        &tx,
        &NewRequest {
            kind: a.kind,
            requester: &a.requester,
            tenant_id: tenant.as_ref().map(|t| t.id),
            region: Some(region),
            received_on: received,
            due_on: due,
            attachments: &attachments,
            mailboxes: a.mailboxes,
            source_env: given.source_env.as_deref(),
            justification: given.justification.as_deref(),
            details: details.as_deref(),
        },
    )?;
    let r = get_request(&tx, id)?.ok_or_else(|| anyhow::anyhow!("request #{id} vanished"))?;
    let to = if r.route == "fta" {
        "the architects"
    } else {
        "FTCHelp"
    };
    let what = format!(
        "{} ({}) received {received}, due {due}: routed to {to}",
        describe(&r),
        region
    );
    record(
        &tx,
        &ctx.stamp(),
        tenant.as_ref().map(|t| t.id),
        "fta.request",
        &what,
    )?;
    tx.commit()?;
    ctx.say(&what);
    if r.route == "fta" {
        ctx.say(&format!("next: `ftc fta assign {id}` picks an architect"));
    }
    render::one(out, ctx.style, &RequestView::of(&r))
}
