//! `ftc tenant set`: change fields and flags, each change recorded.

use super::TenantView;
use crate::cli::Ctx;
use crate::domain::values::{parse_answer, parse_region, parse_seats, Answer, Region};
use crate::error::{invalid, refused, Result};
use crate::render;
use crate::store::history::record;
use crate::store::suspects::{resolve_suspects, tenant_suspects};
use crate::store::tenants::{
    clear_other_winners, customer_fms, get_tenant, resolve_tenant, update_tenant,
};
use clap::Args;
use std::io::Write;

#[derive(Debug, Args)]
pub struct SetArgs {
    /// Domain, its first label, or tenant ID
    pub tenant: String,
    /// The FastTrack Manager
    #[arg(long, value_name = "NAME")]
    pub fm: Option<String>,
    /// americas, emea or apj
    #[arg(long, value_parser = parse_region)]
    pub region: Option<Region>,
    /// Paid seats of eligible plans
    #[arg(long, value_parser = parse_seats, allow_negative_numbers = true)]
    pub seats: Option<i64>,
    /// The customer has a named account manager
    #[arg(long, conflicts_with = "unmanaged")]
    pub managed: bool,
    /// The customer is reached through partner managers only
    #[arg(long)]
    pub unmanaged: bool,
    /// Make this the winner tenant of its customer (clears it on the others)
    #[arg(long, conflicts_with = "no_winner")]
    pub winner: bool,
    /// Clear the winner flag
    #[arg(long)]
    pub no_winner: bool,
    /// Set the COVID-19 RFA flag (it can never be cleared)
    #[arg(long, conflicts_with = "no_covid_rfa")]
    pub covid_rfa: bool,
    /// Refused once the COVID-19 RFA flag is set: it can never be cleared
    #[arg(long)]
    pub no_covid_rfa: bool,
    /// Whether the customer wants FastTrack Center help (`unknown` takes a
    /// recorded answer back: a proposal that rests on it waits again)
    #[arg(long, value_parser = parse_answer, value_name = "yes|no|unknown")]
    pub wants_ftc: Option<Answer>,
    /// Mark the tenant a duplicate or invalid
    #[arg(long)]
    pub duplicate_invalid: bool,
    /// Mark it a GoBack tenant: handed back for another look
    #[arg(long)]
    pub goback: bool,
    /// Move it to an existing customer (its TPID, its exact name, or the
    /// domain of one of its tenants): the way to resolve a suspected
    /// duplicate. It takes that customer's FM when it has none
    #[arg(long, value_name = "TPID|NAME|DOMAIN")]
    pub customer: Option<String>,
    /// Record that its suspected duplicate was checked: it is a customer of
    /// its own (it leaves the agenda)
    #[arg(long, conflicts_with = "customer")]
    pub not_duplicate: bool,
}

pub fn run(ctx: &Ctx, out: &mut dyn Write, a: SetArgs) -> Result<()> {
    let asked = a.fm.is_some()
        || a.region.is_some()
        || a.seats.is_some()
        || a.managed
        || a.unmanaged
        || a.winner
        || a.no_winner
        || a.covid_rfa
        || a.no_covid_rfa
        || a.wants_ftc.is_some()
        || a.duplicate_invalid
        || a.goback
        || a.customer.is_some()
        || a.not_duplicate;
    if !asked {
        return Err(invalid("nothing to set")
            .with_hint("give at least one of --fm, --region, --seats, --managed, --unmanaged, --winner, --no-winner, --covid-rfa, --wants-ftc, --duplicate-invalid, --goback, --customer, --not-duplicate")
            .into());
    }
    if a.fm.as_deref().is_some_and(|f| f.trim().is_empty()) {
        return Err(invalid("--fm: empty name").into());
    }
    let mut store = ctx.open_store()?;
    let tx = store.write()?;
    let before = resolve_tenant(&tx, &a.tenant)?;
    let mut t = before.clone();
    let mut changes: Vec<String> = Vec::new();

    if a.winner || a.no_winner {
        let editors = &ctx.config.roles.slt_editors;
        if !editors.is_empty() && !editors.iter().any(|e| e == &ctx.actor) {
            return Err(
                refused(format!("{} may not change the winner tenant", ctx.actor))
                    .with_hint(format!("roles.slt_editors allows: {}", editors.join(", ")))
                    .into(),
            );
        }
    }
    if let Some(fm) = &a.fm {
        if t.fm.as_deref() != Some(fm) {
            changes.push(format!("FM {} → {fm}", t.fm.as_deref().unwrap_or("none")));
            t.fm = Some(fm.clone());
        }
    }
    if let Some(r) = a.region {
        if t.region != Some(r) {
            changes.push(format!(
                "region {} → {r}",
                t.region.map_or("none", Region::as_str)
            ));
            t.region = Some(r);
        }
    }
    if let Some(s) = a.seats {
        if t.seats != Some(s) {
            changes.push(format!(
                "seats {} → {s}",
                t.seats.map_or("unknown".into(), |x| x.to_string())
            ));
            t.seats = Some(s);
        }
    }
    if a.managed && !t.managed {
        changes.push("now managed".into());
        t.managed = true;
    }
    if a.unmanaged && t.managed {
        changes.push("now unmanaged".into());
        t.managed = false;
    }
    if a.no_winner && t.winner {
        changes.push("no longer the winner tenant".into());
        t.winner = false;
    }
    let mut cleared = Vec::new();
    if a.winner && !t.winner {
        cleared = clear_other_winners(&tx, t.customer_id, t.id)?;
        changes.push(if cleared.is_empty() {
            "made the winner tenant".to_string()
        } else {
            format!("made the winner tenant instead of {}", cleared.join(", "))
        });
        t.winner = true;
    }
    if a.no_covid_rfa && t.covid_rfa {
        return Err(refused(format!(
            "the COVID-19 RFA flag of {} cannot be cleared",
            t.domain
        ))
        .with_hint("once set, the flag stays for the life of the tenant")
        .into());
    }
    if a.covid_rfa && !t.covid_rfa {
        changes.push("COVID-19 RFA flag set".into());
        t.covid_rfa = true;
    }
    if let Some(Answer(w)) = a.wants_ftc {
        if t.wants_ftc != w {
            let said = match w {
                Some(true) => "yes",
                Some(false) => "no",
                None => "not known",
            };
            changes.push(format!("wants FTC help: {said}"));
            t.wants_ftc = w;
        }
    }
    if a.duplicate_invalid && !t.duplicate_invalid {
        changes.push("marked duplicate/invalid".into());
        t.duplicate_invalid = true;
    }
    if a.goback && t.goback_on.is_none() {
        changes.push("marked GoBack".into());
        t.goback_on = Some(ctx.today);
    }

    let mut resolved = false;
    if let Some(target) = &a.customer {
        let c = crate::cli::customer::find_customer(tx.db(), target)?;
        if c.id == t.customer_id {
            if !tenant_suspects(&tx, t.id)?.is_empty() {
                resolved = true;
                changes.push(format!("stays with customer {}", c.name));
            }
        } else {
            changes.push(format!(
                "moved to customer {}{} (was {})",
                c.name,
                c.tpid.map_or(String::new(), |n| format!(" (TPID {n})")),
                t.customer
            ));
            if t.winner {
                t.winner = false;
                changes.push(format!("no longer the winner tenant of {}", t.customer));
            }
            use crate::store::customers::{moved_from, pin_move, unpin_move};
            let pinned = moved_from(tx.db(), t.id)?;
            match crate::domain::feed::pin_after_move(pinned, t.customer_id, c.id) {
                Some(feed) => pin_move(tx.db(), t.id, feed, ctx.today)?,
                None if pinned.is_some() => unpin_move(tx.db(), t.id)?,
                None => {}
            }
            t.customer_id = c.id;
            t.customer = c.name.clone();
            if t.fm.is_none() {
                if let Some(fm) = customer_fms(&tx, c.id)?.into_iter().next() {
                    changes.push(format!("FM {fm}, who works that customer"));
                    t.fm = Some(fm);
                }
            }
            resolved = true;
        }
    }
    if a.not_duplicate {
        let open = tenant_suspects(&tx, t.id)?;
        if open.is_empty() {
            return Err(
                refused(format!("{} is not a suspected duplicate", t.domain))
                    .with_hint("`ftc agenda` lists the suspected duplicates (kind duplicate)")
                    .into(),
            );
        }
        changes.push(format!("checked: not a duplicate of {}", open.join(", ")));
        resolved = true;
    }
    if resolved {
        resolve_suspects(&tx, t.id, ctx.today)?;
    }

    if changes.is_empty() {
        drop(tx);
        ctx.say(&format!("{}: nothing changed", before.domain));
    } else {
        update_tenant(&tx, &t)?;
        if t.goback_on != before.goback_on {
            crate::store::tenants::mark_goback(&tx, t.id)?;
            t = get_tenant(&tx, t.id)?.ok_or_else(|| anyhow::anyhow!("tenant vanished"))?;
        }
        if t.region != before.region || t.goback_on != before.goback_on {
            // Another region, another holiday calendar: due dates move. A
            // GoBack tenant's cadence starts over (or it is left alone).
            crate::cli::cadence::refresh_agenda(ctx, tx.db(), &t)?;
        }
        let stamp = ctx.stamp();
        record(&tx, &stamp, Some(t.id), "tenant.set", &changes.join("; "))?;
        for other in &cleared {
            if let Some(o) = crate::store::tenants::get_tenant_by_domain(&tx, other)? {
                record(
                    &tx,
                    &stamp,
                    Some(o.id),
                    "tenant.set",
                    &format!("no longer the winner tenant ({} is)", t.domain),
                )?;
            }
        }
        tx.commit()?;
        ctx.say(&format!("{}: {}", t.domain, changes.join("; ")));
    }
    let t = get_tenant(store.db(), t.id)?.ok_or_else(|| anyhow::anyhow!("tenant vanished"))?;
    render::one(out, ctx.style, &TenantView::load(store.db(), &t, ctx)?)
}
