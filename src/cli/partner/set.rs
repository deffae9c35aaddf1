//! `ftc partner set TENANT --name N --mpn ID [--deploying W,...]`

use super::{describe, PartnerView};
use crate::cli::contact::add::WORKLOAD_HINT;
use crate::cli::Ctx;
use crate::domain::contact::{parse_mpn, parse_name, ContactKind, NO_PARTNER_NAME};
use crate::error::{invalid, refused, Result};
use crate::reference::workloads;
use crate::render;
use crate::store::contacts::list_contacts;
use crate::store::frps::get_frp;
use crate::store::history::record;
use crate::store::partners::{list_partners, put_partner, Partner};
use crate::store::tenants::resolve_tenant;
use clap::Args;
use std::io::Write;

#[derive(Debug, Args)]
pub struct SetArgs {
    /// Domain, its first label, or tenant ID
    pub tenant: String,
    /// The partner's name
    #[arg(long, value_parser = parse_name)]
    pub name: String,
    /// The partner's MPN ID (a number); an FRP when it is on the FRP list
    #[arg(long, value_parser = parse_mpn, value_name = "ID")]
    pub mpn: String,
    /// Workloads the partner deploys for the customer (comma-separated);
    /// engaged when at least one. Without it: none yet
    #[arg(long, value_name = "W,...")]
    pub deploying: Option<String>,
}

pub fn run(ctx: &Ctx, out: &mut dyn Write, a: SetArgs) -> Result<()> {
    if a.name.eq_ignore_ascii_case(NO_PARTNER_NAME) {
        return Err(invalid(format!("'{NO_PARTNER_NAME}' is not a partner"))
            .with_hint("`ftc partner none TENANT` records that no partner deploys anything")
            .into());
    }
    let deploying = match a.deploying.as_deref().map(str::trim) {
        Some(s) if s.split(',').any(|p| !p.trim().is_empty()) => workloads::parse_list(s)
            .map_err(|e| refused(format!("--deploying: {e}")).with_hint(WORKLOAD_HINT))?,
        _ => Vec::new(),
    };

    let mut store = ctx.open_store()?;
    let tx = store.write()?;
    let t = resolve_tenant(&tx, &a.tenant)?;
    let listed = list_partners(&tx, t.id)?;
    let before = listed.iter().find(|p| p.mpn == a.mpn).cloned();
    // The partner this one takes over from, when it is not a second candidate.
    let replaced = listed.iter().find(|p| !p.is_real()).cloned();
    let frp = get_frp(&tx, &a.mpn)?;
    let new = Partner {
        name: a.name.clone(),
        mpn: a.mpn.clone(),
        deploying,
        is_frp: frp.is_some(),
    };

    let mut notes = Vec::new();
    if let Some(f) = &frp {
        if !f.name.eq_ignore_ascii_case(&new.name) {
            notes.push(format!("note: MPN {} is {} on the FRP list", f.mpn, f.name));
        }
        if !f.serves(t.region) {
            let regions: Vec<&str> = f.regions.iter().map(|r| r.as_str()).collect();
            notes.push(format!(
                "warning: {} is an FRP for {} only; {} is in {}",
                f.name,
                regions.join(", "),
                t.domain,
                t.region.map_or("no region", |r| r.as_str())
            ));
        }
    }

    if before.as_ref() == Some(&new) {
        drop(tx);
        ctx.say(&format!("{}: nothing changed", t.domain));
    } else {
        put_partner(&tx, t.id, &new)?;
        let mut what = format!("partner {}", describe(&new));
        if let Some(b) = before.as_ref().or(replaced.as_ref()) {
            what.push_str(&format!("; was {}", describe(b)));
        }
        let others: Vec<&Partner> = listed
            .iter()
            .filter(|p| p.is_real() && p.mpn != new.mpn)
            .collect();
        if !others.is_empty() {
            what.push_str(&format!(
                "; {} candidate partners listed (with {})",
                others.len() + 1,
                others
                    .iter()
                    .map(|p| p.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            let partner_contacts = list_contacts(&tx, t.id)?
                .into_iter()
                .filter(|c| c.kind == ContactKind::Partner)
                .count();
            if partner_contacts > 0 {
                notes.push(format!(
                    "note: the tenant's {partner_contacts} partner contact{} kept; `ftc partner none TENANT --mpn ID` takes a candidate off",
                    if partner_contacts == 1 { " is" } else { "s are" }
                ));
            }
        }
        record(&tx, &ctx.stamp(), Some(t.id), "partner.set", &what)?;
        // A partner added or dropped adds or removes the partner step.
        crate::cli::cadence::refresh_agenda(ctx, tx.db(), &t)?;
        tx.commit()?;
        for n in &notes {
            ctx.say(n);
        }
        ctx.say(&format!(
            "{}: {what}{}",
            t.domain,
            if new.is_engaged() {
                " (engaged)"
            } else {
                " (not engaged: it deploys no workload)"
            }
        ));
    }
    render::one(out, ctx.style, &PartnerView::of(&new))
}
