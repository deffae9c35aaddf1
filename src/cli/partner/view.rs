//! `ftc partner view TENANT --mpn ID`: the tenant as that partner's page
//! shows it (seed 002): the workloads it claimed, with their claim numbers;
//! the FRP-eligible workloads nobody claimed, marked claimable; nothing of
//! workloads other partners claimed; usage only once the partner holds a
//! claim on the tenant.

use crate::cli::Ctx;
use crate::domain::contact::parse_mpn;
use crate::domain::usage::round1;
use crate::error::Result;
use crate::reference::workloads;
use crate::render;
use crate::store::tenants::resolve_tenant;
use crate::store::usage::list_claims;
use clap::Args;
use serde::Serialize;
use std::io::Write;

#[derive(Debug, Args)]
pub struct ViewArgs {
    /// Domain, its first label, or tenant ID
    pub tenant: String,
    /// The partner whose page it is (MPN ID)
    #[arg(long, value_name = "ID", value_parser = parse_mpn)]
    pub mpn: String,
}

/// One workload on the partner's page.
#[derive(Debug, Serialize)]
pub struct PageWorkload {
    pub workload: String,
    /// Claimed by this partner.
    pub claimed: bool,
    /// Its claim number, when claimed.
    pub claim_id: Option<String>,
    /// Nobody claimed it: this partner may.
    pub claimable: bool,
    /// The latest month of usage, monthly active users, paid available
    /// units and Usage %: `null` until the partner holds a claim on the
    /// tenant, or when no usage is recorded.
    pub month: Option<String>,
    pub active_users: Option<i64>,
    pub paid_units: Option<i64>,
    pub usage_percent: Option<f64>,
}

#[derive(Debug, Serialize)]
pub struct PartnerPage {
    pub domain: String,
    pub tenant_id: Option<String>,
    pub mpn: String,
    /// Whether usage shows: the partner holds at least one claim here.
    pub usage_visible: bool,
    pub workloads: Vec<PageWorkload>,
}

pub fn run(ctx: &Ctx, out: &mut dyn Write, a: ViewArgs) -> Result<()> {
    let store = ctx.open_store()?;
    let read = store.conn.unchecked_transaction()?;
    let t = resolve_tenant(&read, &a.tenant)?;
    let claims = list_claims(&read, Some(t.id), None)?;
    let usage = crate::store::usage::latest(&read, t.id)?;
    let mine: Vec<_> = claims.iter().filter(|c| c.mpn == a.mpn).collect();
    let visible = !mine.is_empty();
    let mut rows = Vec::new();
    for w in workloads::all() {
        let claim = claims.iter().find(|c| c.workload == w.slug);
        let ours = claim.filter(|c| c.mpn == a.mpn);
        // Another partner's claim is not shown; an unclaimed workload is
        // shown when a partner could claim it (FRP-eligible).
        if claim.is_some() && ours.is_none() {
            continue;
        }
        if ours.is_none() && !w.frp_eligible {
            continue;
        }
        let u = usage
            .iter()
            .find(|u| u.workload == w.slug)
            .filter(|_| visible);
        rows.push(PageWorkload {
            workload: w.slug.clone(),
            claimed: ours.is_some(),
            claim_id: ours.and_then(|c| c.claim_id.clone()),
            claimable: claim.is_none(),
            month: u.map(|u| u.month.clone()),
            active_users: u.map(|u| u.active_users),
            paid_units: u.map(|u| u.paid_units),
            usage_percent: u.and_then(|u| u.percent()).map(round1),
        });
    }
    // Claimed first, then the claimable ones, each in the reference order.
    rows.sort_by_key(|r| !r.claimed);
    if !visible {
        ctx.say(&format!(
            "{}: usage shows once {} holds a claim on the tenant (`ftc claim add {} --workload W --mpn {}`)",
            t.domain, a.mpn, t.domain, a.mpn
        ));
    }
    render::one(
        out,
        ctx.style,
        &PartnerPage {
            domain: t.domain.clone(),
            tenant_id: t.tenant_id.clone(),
            mpn: a.mpn,
            usage_visible: visible,
            workloads: rows,
        },
    )
}
