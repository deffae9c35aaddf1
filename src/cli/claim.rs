//! `ftc claim add|remove|list`: partners' claims on a tenant's workloads
//! (seed 002: one claiming partner per workload of a tenant).

use crate::cli::note::workload as resolve_workload;
use crate::cli::Ctx;
use crate::domain::contact::parse_mpn;
use crate::error::{refused, Result};
use crate::render::{self, Columns};
use crate::store::history::record;
use crate::store::tenants::resolve_tenant;
use crate::store::usage::{delete_claim, get_claim, insert_claim, list_claims, Claim};
use clap::{Args, Subcommand};
use serde::Serialize;
use std::io::Write;

#[derive(Debug, Subcommand)]
pub enum ClaimCommand {
    /// Record that a partner claimed a workload of a tenant (one partner a workload)
    Add(AddArgs),
    /// Remove the claim on a workload of a tenant
    Remove(RemoveArgs),
    /// The claims, of one partner or one tenant
    List(ListArgs),
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Domain, its first label, or tenant ID
    pub tenant: String,
    /// The workload claimed (slug, name or alias)
    #[arg(long, value_name = "W")]
    pub workload: String,
    /// The claiming partner's MPN ID
    #[arg(long, value_name = "ID", value_parser = parse_mpn)]
    pub mpn: String,
    /// The claim's number in the partner portal
    #[arg(long, value_name = "N")]
    pub claim_id: Option<String>,
}

#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// Domain, its first label, or tenant ID
    pub tenant: String,
    /// The workload whose claim goes (slug, name or alias)
    #[arg(long, value_name = "W")]
    pub workload: String,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only this partner's claims (MPN ID)
    #[arg(long, value_name = "ID", value_parser = parse_mpn)]
    pub mpn: Option<String>,
    /// Only this tenant's claims
    #[arg(long, value_name = "T")]
    pub tenant: Option<String>,
}

/// A claim as shown.
#[derive(Debug, Serialize)]
pub struct ClaimView {
    pub domain: String,
    pub workload: String,
    pub mpn: String,
    pub claim_id: Option<String>,
    pub claimed_on: String,
}

impl ClaimView {
    pub fn of(c: &Claim) -> ClaimView {
        ClaimView {
            domain: c.domain.clone(),
            workload: c.workload.clone(),
            mpn: c.mpn.clone(),
            claim_id: c.claim_id.clone(),
            claimed_on: c.claimed_on.to_string(),
        }
    }
}

pub const CLAIM_COLUMNS: Columns = Columns {
    keys: &["domain", "workload", "mpn", "claim_id", "claimed_on"],
    table: &[
        ("domain", "domain"),
        ("workload", "workload"),
        ("MPN", "mpn"),
        ("claim", "claim_id"),
        ("claimed", "claimed_on"),
    ],
    flex: 0,
};

pub fn run(ctx: &Ctx, out: &mut dyn Write, cmd: ClaimCommand) -> Result<()> {
    match cmd {
        ClaimCommand::Add(a) => add(ctx, out, a),
        ClaimCommand::Remove(a) => remove(ctx, out, a),
        ClaimCommand::List(a) => list(ctx, out, a),
    }
}

fn add(ctx: &Ctx, out: &mut dyn Write, a: AddArgs) -> Result<()> {
    let workload = resolve_workload(&a.workload)?.slug.clone();
    let claim_id = a
        .claim_id
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from);
    let mut store = ctx.open_store()?;
    let tx = store.write()?;
    let t = resolve_tenant(&tx, &a.tenant)?;
    if let Some(c) = get_claim(&tx, t.id, &workload)? {
        let msg = if c.mpn == a.mpn {
            format!(
                "{workload} of {} is claimed by {} already (claim {}, {})",
                t.domain,
                c.mpn,
                c.claim_id.as_deref().unwrap_or("without a number"),
                c.claimed_on
            )
        } else {
            format!(
                "{workload} of {} is claimed by another partner, {} (claim {}, {}): one partner claims a workload",
                t.domain,
                c.mpn,
                c.claim_id.as_deref().unwrap_or("without a number"),
                c.claimed_on
            )
        };
        return Err(refused(msg)
            .with_hint(format!(
                "`ftc claim remove {} --workload {workload}` first, if the claim moved",
                t.domain
            ))
            .into());
    }
    let c = Claim {
        tenant_id: t.id,
        domain: t.domain.clone(),
        workload: workload.clone(),
        mpn: a.mpn.clone(),
        claim_id,
        claimed_on: ctx.today,
    };
    insert_claim(&tx, &c)?;
    let what = format!(
        "{} claimed {workload}{}",
        c.mpn,
        c.claim_id
            .as_deref()
            .map_or(String::new(), |n| format!(" (claim {n})"))
    );
    record(&tx, &ctx.stamp(), Some(t.id), "claim.add", &what)?;
    tx.commit()?;
    ctx.say(&format!("{}: {what}", t.domain));
    render::one(out, ctx.style, &ClaimView::of(&c))
}

fn remove(ctx: &Ctx, out: &mut dyn Write, a: RemoveArgs) -> Result<()> {
    let workload = resolve_workload(&a.workload)?.slug.clone();
    let mut store = ctx.open_store()?;
    let tx = store.write()?;
    let t = resolve_tenant(&tx, &a.tenant)?;
    let Some(c) = get_claim(&tx, t.id, &workload)? else {
        return Err(refused(format!("{workload} of {} has no claim", t.domain))
            .with_hint(format!(
                "`ftc claim list --tenant {}` shows its claims",
                t.domain
            ))
            .into());
    };
    delete_claim(&tx, t.id, &workload)?;
    let what = format!("removed {}'s claim on {workload}", c.mpn);
    record(&tx, &ctx.stamp(), Some(t.id), "claim.remove", &what)?;
    tx.commit()?;
    ctx.say(&format!("{}: {what}", t.domain));
    render::one(out, ctx.style, &ClaimView::of(&c))
}

fn list(ctx: &Ctx, out: &mut dyn Write, a: ListArgs) -> Result<()> {
    let store = ctx.open_store()?;
    let tenant = a
        .tenant
        .as_deref()
        .map(|t| resolve_tenant(store.db(), t))
        .transpose()?;
    let claims: Vec<ClaimView> =
        list_claims(store.db(), tenant.as_ref().map(|t| t.id), a.mpn.as_deref())?
            .iter()
            .map(ClaimView::of)
            .collect();
    render::list(out, ctx.style, &claims, &CLAIM_COLUMNS)
}
