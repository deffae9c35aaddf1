//! `ftc rfa add TENANT --id ID --workloads W,... --status S [--on DATE]`:
//! record an RFA; the same ID again updates it.

use super::RfaView;
use crate::cli::Ctx;
use crate::domain::rfa::{counts, RfaStatus};
use crate::domain::values::parse_date;
use crate::error::{invalid, refused, Result};
use crate::reference::workloads;
use crate::render;
use crate::store::history::record;
use crate::store::rfas::{get_rfa, put_rfa, Rfa};
use crate::store::tenants::resolve_tenant;
use chrono::NaiveDate;
use clap::Args;
use std::io::Write;

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Domain, its first label, or tenant ID
    pub tenant: String,
    /// The RFA's ID (the same ID again updates that RFA)
    #[arg(long, value_name = "ID")]
    pub id: String,
    /// The workloads it asks help for: slugs, names or aliases, comma-separated
    #[arg(long, value_name = "W,...")]
    pub workloads: String,
    /// The request's status in the portal
    #[arg(long, value_enum, ignore_case = true)]
    pub status: RfaStatus,
    /// The day of this status [default: today; an update without a new status keeps its day]
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub on: Option<NaiveDate>,
}

pub fn run(ctx: &Ctx, out: &mut dyn Write, a: AddArgs) -> Result<()> {
    let id = a.id.trim();
    if id.is_empty() || id.contains(['\n', '\r']) {
        return Err(invalid("--id: an RFA ID is one non-empty line").into());
    }
    let mut slugs = workloads::parse_list(&a.workloads).map_err(|e| {
        refused(format!("--workloads: {e}")).with_hint(
            "name workloads by slug, display name or alias, comma-separated (exchange,teams)",
        )
    })?;
    // In the reference data's order, so that the same set reads the same.
    slugs.sort_by_key(|s| workloads::all().iter().position(|w| w.slug == *s));
    if let Some(on) = a.on.filter(|on| *on > ctx.today) {
        return Err(refused(format!("--on {on} is after today ({})", ctx.today))
            .with_hint("record an RFA's status on the day it was given, today or earlier")
            .into());
    }

    let mut store = ctx.open_store()?;
    let tx = store.write()?;
    let t = resolve_tenant(&tx, &a.tenant)?;
    let before = get_rfa(&tx, id)?;
    if let Some(b) = before.as_ref().filter(|b| b.tenant_id != t.id) {
        return Err(refused(format!(
            "RFA {id} belongs to {}, not {}",
            b.domain, t.domain
        ))
        .with_hint("an RFA ID names one request of one tenant; check the ID")
        .into());
    }
    let on = match (&before, a.on) {
        (_, Some(on)) => on,
        (Some(b), None) if b.status == a.status => b.on,
        _ => ctx.today,
    };
    let after = Rfa {
        id: id.to_string(),
        tenant_id: t.id,
        domain: t.domain.clone(),
        workloads: slugs,
        status: a.status,
        on,
    };
    let what = match &before {
        None => format!(
            "RFA {id} {} on {on} for {}",
            after.status,
            after.workloads.join(", ")
        ),
        Some(b) => {
            let mut changes = Vec::new();
            if b.status != after.status {
                changes.push(format!("{} -> {}", b.status, after.status));
            }
            if b.on != after.on {
                changes.push(format!("on {} -> {}", b.on, after.on));
            }
            if b.workloads != after.workloads {
                changes.push(format!(
                    "workloads {} -> {}",
                    b.workloads.join(", "),
                    after.workloads.join(", ")
                ));
            }
            if changes.is_empty() {
                drop(tx);
                ctx.say(&format!(
                    "{}: RFA {id} unchanged; nothing recorded",
                    t.domain
                ));
                return render::one(out, ctx.style, &RfaView::of(b));
            }
            format!("RFA {id}: {}", changes.join("; "))
        }
    };
    put_rfa(&tx, &after)?;
    record(
        &tx,
        &ctx.stamp(),
        Some(t.id),
        if before.is_none() {
            "rfa.add"
        } else {
            "rfa.update"
        },
        &what,
    )?;
    tx.commit()?;
    ctx.say(&format!("{}: {what}", t.domain));
    if counts(after.status, after.on, ctx.today) {
        ctx.say(&format!(
            "{}: no proactive cadence while the RFA is recent; `ftc assign {}` decides its option",
            t.domain, t.domain
        ));
    }
    render::one(out, ctx.style, &RfaView::of(&after))
}
