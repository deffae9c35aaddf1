//! `ftc partner view TENANT --mpn ID`: the tenant as that partner's page
//! shows it (the rule: `domain::usage::partner_page`).

use crate::cli::Ctx;
use crate::domain::contact::parse_mpn;
use crate::domain::usage::{partner_page, round1, ClaimOn};
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
    let read = store.read()?;
    let t = resolve_tenant(&read, &a.tenant)?;
    let claims = list_claims(&read, Some(t.id), None)?;
    let usage = crate::store::usage::latest(&read, t.id)?;
    let all: Vec<(&str, bool)> = workloads::all()
        .iter()
        .map(|w| (w.slug.as_str(), w.frp_eligible))
        .collect();
    let on: Vec<ClaimOn> = claims
        .iter()
        .map(|c| ClaimOn {
            workload: &c.workload,
            mpn: &c.mpn,
            claim_id: c.claim_id.as_deref(),
        })
        .collect();
    let (visible, lines) = partner_page(&a.mpn, &all, &on, &usage);
    let rows: Vec<PageWorkload> = lines
        .iter()
        .map(|l| PageWorkload {
            workload: l.workload.to_string(),
            claimed: l.claim.is_some(),
            claim_id: l.claim.flatten().map(String::from),
            claimable: l.claimable,
            month: l.usage.map(|u| u.month.clone()),
            active_users: l.usage.map(|u| u.active_users),
            paid_units: l.usage.map(|u| u.paid_units),
            usage_percent: l.usage.and_then(|u| u.percent()).map(round1),
        })
        .collect();
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
