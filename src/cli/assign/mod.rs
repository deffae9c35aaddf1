//! `ftc assign TENANT [--option O] [--to NAME] [--on DATE] [--explain]`: the
//! delivery assignment option (SPEC 3.5, rule 4.3), decided by the rules or
//! given as a manual override, and applied.

pub mod decide;

use crate::cli::cadence::current::Current;
use crate::cli::Ctx;
use crate::domain::assignment::AssignOption;
use crate::domain::contact::parse_name;
use crate::domain::values::parse_date;
use crate::error::{refused, Result};
use crate::render;
use crate::store::tenants::resolve_tenant;
use chrono::NaiveDate;
use clap::Args;
use decide::{apply, decide_tenant, Choice};
use serde::Serialize;
use std::io::Write;

#[derive(Debug, Args)]
pub struct AssignArgs {
    /// Domain, its first label, or tenant ID
    pub tenant: String,
    /// Apply this option whatever the rules say (recorded as a manual override)
    #[arg(long, value_name = "O")]
    pub option: Option<String>,
    /// Who in the queue takes it
    #[arg(long, value_name = "NAME", value_parser = parse_name)]
    pub to: Option<String>,
    /// The day it was applied, e.g. an earlier assignment being recorded [default: today]
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub on: Option<NaiveDate>,
    /// An frp-referral: the MPN ID of the FastTrack Ready Partner it goes to
    /// (from `ftc frp list`); until one is named the referral waits in its queue
    #[arg(long, value_name = "MPN", value_parser = crate::domain::contact::parse_mpn)]
    pub frp: Option<String>,
    /// Show the rules' decision and why; change nothing
    #[arg(long, conflicts_with_all = ["option", "to", "on", "frp"])]
    pub explain: bool,
}

/// `assign --explain`.
#[derive(Debug, Serialize)]
pub struct ExplainView {
    pub domain: String,
    /// `null` when no option applies yet.
    pub option: Option<AssignOption>,
    /// `null` when no option applies, or its queue needs a region the
    /// tenant does not have.
    pub queue: Option<String>,
    pub reasons: Vec<String>,
    /// What is missing before an option applies (empty when one does).
    pub missing: Vec<String>,
}

/// An option as typed, or a refusal listing them all.
pub fn parse_option(s: &str) -> Result<AssignOption> {
    AssignOption::parse(s).ok_or_else(|| {
        let all: Vec<&str> = AssignOption::ALL.iter().map(|o| o.as_str()).collect();
        refused(format!("'{}' is not an assignment option", s.trim()))
            .with_hint(format!("one of: {}", all.join(", ")))
            .into()
    })
}

fn nothing_applies(domain: &str, missing: &[String]) -> anyhow::Error {
    let mut msg = format!("no assignment option applies to {domain} yet; missing:");
    for m in missing {
        msg.push_str(&format!("\n  - {m}"));
    }
    refused(msg)
        .with_hint("record what is missing, or apply an option anyway with --option O")
        .into()
}

pub fn run(ctx: &Ctx, out: &mut dyn Write, a: AssignArgs) -> Result<()> {
    let option = a.option.as_deref().map(parse_option).transpose()?;
    if let Some(on) = a.on.filter(|on| *on > ctx.today) {
        return Err(refused(format!("--on {on} is after today ({})", ctx.today))
            .with_hint("an assignment is recorded on the day it was applied, today or earlier")
            .into());
    }
    if a.explain {
        return explain(ctx, out, &a.tenant);
    }
    let mut store = ctx.open_store()?;
    let tx = store.write()?;
    let t = resolve_tenant(&tx, &a.tenant)?;
    let (cur, p) = decide_tenant(tx.db(), ctx, &t)?;
    let on = a.on.unwrap_or(ctx.today);
    let choice = match option {
        Some(o) => Choice::manual(ctx, &cur, &p, o, a.to.clone(), on),
        None => {
            if let Some(e) = not_worked(&cur, &t.domain) {
                return Err(e);
            }
            match &p.decision {
                Ok(d) => Choice::from_decision(d, a.to.clone(), on),
                Err(missing) => return Err(nothing_applies(&t.domain, missing)),
            }
        }
    };
    let mut choice = choice;
    if let Some(mpn) = &a.frp {
        if choice.option != AssignOption::FrpReferral {
            return Err(refused(format!(
                "--frp names the FRP of an frp-referral; {} would be assigned {}",
                t.domain, choice.option
            ))
            .with_hint(
                "give --option frp-referral to refer it to an FRP anyway, or leave out --frp",
            )
            .into());
        }
        let Some(frp) = crate::store::frps::get_frp(&tx, mpn)? else {
            return Err(
                refused(format!("{mpn} is not on the FastTrack Ready Partner list"))
                    .with_hint("`ftc frp list` shows the FRPs; `ftc frp add MPN NAME` adds one")
                    .into(),
            );
        };
        if !frp.serves(t.region) {
            ctx.say(&format!(
                "warning: {} ({mpn}) does not serve {}'s region",
                frp.name, t.domain
            ));
        }
        choice.frp_mpn = Some(mpn.clone());
    }
    let applied = apply(tx.db(), ctx, &cur, &choice)?;
    if applied.recorded {
        tx.commit()?;
        if let Some(w) = &applied.what {
            ctx.say(&format!("{}: {w}", t.domain));
        }
        if let Some(n) = &applied.task_note {
            ctx.say(&format!("{}: {n}", t.domain));
        }
    } else {
        drop(tx);
        ctx.say(&format!(
            "{}: assigned {} ({}) on {} already; nothing recorded",
            t.domain, applied.view.option, applied.view.queue, applied.view.on
        ));
    }
    if ctx.is_table() {
        let mut v = serde_json::to_value(&applied.view)?;
        v["reasons"] = applied.view.reasons.join("; ").into();
        return render::one(out, ctx.style, &v);
    }
    render::one(out, ctx.style, &applied.view)
}

/// The rules pick an option only for a tenant that is being worked: the
/// refusal for a skipped or an ineligible one (`None` when it is worked).
fn not_worked(cur: &Current, domain: &str) -> Option<anyhow::Error> {
    let why = match cur.skip_reason() {
        Some(why) => format!("{domain} is skipped: {why}"),
        None if !cur.eligible() => format!("{domain} is not eligible for FastTrack"),
        None => return None,
    };
    Some(
        refused(why)
            .with_hint("record an assignment anyway with --option O")
            .into(),
    )
}

/// `assign --explain`: the decision and why, or what is missing (exit 1);
/// nothing is written. A skipped or ineligible tenant gets no option, as
/// `assign` and its standing say (exit 1, the same refusal).
fn explain(ctx: &Ctx, out: &mut dyn Write, tenant: &str) -> Result<()> {
    let store = ctx.open_store()?;
    // One read transaction: a consistent view, never the write lock.
    let read = store.read()?;
    let t = resolve_tenant(&read, tenant)?;
    let (cur, p) = decide_tenant(read.db(), ctx, &t)?;
    if let Some(a) = cur.assigned() {
        ctx.say(&format!(
            "note: {} is assigned {} ({}) since {}",
            t.domain, a.option, a.queue, a.on
        ));
    }
    if let Some(e) = not_worked(&cur, &t.domain) {
        if !ctx.is_table() {
            let view = ExplainView {
                domain: t.domain.clone(),
                option: None,
                queue: None,
                reasons: vec![e.to_string()],
                missing: Vec::new(),
            };
            render::one(out, ctx.style, &view)?;
        }
        return Err(e);
    }
    let view = match &p.decision {
        Ok(d) => {
            let queue = match p.queue(t.region) {
                Some(Ok(q)) => Some(q),
                Some(Err(why)) => {
                    ctx.say(&format!("warning: {why}"));
                    None
                }
                None => None,
            };
            ExplainView {
                domain: t.domain.clone(),
                option: Some(d.option),
                queue,
                reasons: d.reasons.clone(),
                missing: Vec::new(),
            }
        }
        Err(missing) => {
            if !ctx.is_table() {
                let view = ExplainView {
                    domain: t.domain.clone(),
                    option: None,
                    queue: None,
                    reasons: Vec::new(),
                    missing: missing.clone(),
                };
                render::one(out, ctx.style, &view)?;
            }
            return Err(nothing_applies(&t.domain, missing));
        }
    };
    if ctx.is_table() {
        let mut v = serde_json::to_value(&view)?;
        v["reasons"] = view.reasons.join("; ").into();
        if let Some(o) = v.as_object_mut() {
            o.remove("missing");
        }
        return render::one(out, ctx.style, &v);
    }
    render::one(out, ctx.style, &view)
}
