//! `ftc cadence send|reply|pause|resume|show`, and the cadence facts other
//! commands (tenant show, agenda, engage) read.

pub mod bulk;
pub mod current;
pub mod draft;

use super::Ctx;
use crate::domain::cadence::{
    note_history, reply_note, send_note, Event, Party, Pause, SendRefusal, Via,
};
use crate::domain::standing::{check_reply, check_send_now};
use crate::domain::values::parse_date;
use crate::error::{invalid, refused, Result};
use crate::render;
use crate::store::cadence::{insert_event, insert_pause, resume_pause};
use crate::store::history::record;
use crate::store::notes::add_note;
use crate::store::sql::Db;
use crate::store::tasks::{get_task, set_task};
use crate::store::tenants::{resolve_tenant, Tenant};
use chrono::NaiveDate;
use clap::{Args, Subcommand, ValueEnum};
pub use current::{Current, NextStepView, ShowView};
use std::io::Write;

#[derive(Debug, Subcommand)]
pub enum CadenceCommand {
    /// Record one outreach attempt to a party
    Send(SendArgs),
    /// Record that a party answered (or declined to engage)
    Reply(ReplyArgs),
    /// Pause the cadence at the account team's or the customer's request
    Pause(PauseArgs),
    /// End the current pause today
    Resume(TenantArg),
    /// Where the cadence stands: attempts, and the next template, recipients and due date
    Show(TenantArg),
    /// The next step's e-mail as a draft (.eml) from its template, or a mailto: URL
    #[command(long_about = DRAFT_ABOUT)]
    Draft(draft::DraftArgs),
}

const DRAFT_ABOUT: &str = "The next step's e-mail as a draft from its template.

Written as an RFC 5322 message (.eml) with X-Unsent: 1: Outlook opens it as a \
message ready to send, Thunderbird with \"Edit as New Message\". To and Cc are \
those of `ftc cadence show`; the sender is left to the mail program. The second \
and third customer e-mails answer the first (In-Reply-To, References, \"RE:\").

Templates: one per step in each language (en, de, fr, es, pt, ja), shipped in the \
binary. A file templates/LANG/STEP.txt beside the config file (e.g. \
templates/de/customer-1st-contact.txt) replaces the shipped one; a directory with \
its own language.toml adds a language. A template's first line is \"Subject: ...\", \
then an empty line, then the body. Placeholders: {customer} {domain} {workloads} \
{fm} {reply_by} {candidate_partners} {partner} {to_names}; a line {if NAME} \
starts lines kept only when NAME has a value, {end} ends them; {{ and }} are \
braces. An unknown placeholder is refused, naming the file.";

#[derive(Debug, Args)]
pub struct TenantArg {
    /// Domain, its first label, or tenant ID
    pub tenant: String,
}

#[derive(Debug, Args)]
pub struct SendArgs {
    /// Domain, its first label, or tenant ID
    pub tenant: String,
    /// Which party of the cadence (the account team, the partner, the customer)
    #[arg(long, value_enum)]
    pub party: Party,
    /// The day it was sent [default: today]
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub on: Option<NaiveDate>,
    /// How [default: the step's: email; a meeting or a PDM follow-up for account team attempt 2]
    #[arg(long, value_enum)]
    pub via: Option<Via>,
    /// Send out of order, before the due date, or when no contact is due
    /// (recorded as forced); never dated after today or before the
    /// party's previous attempt
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct ReplyArgs {
    /// Domain, its first label, or tenant ID
    pub tenant: String,
    /// Which party of the cadence (the account team, the partner, the customer)
    #[arg(long, value_enum)]
    pub party: Party,
    /// The day of the answer [default: today]
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub on: Option<NaiveDate>,
    /// The contact who answered (marked IS ENGAGED)
    #[arg(long, value_parser = crate::domain::values::parse_email, value_name = "EMAIL")]
    pub contact: Option<String>,
    /// The party declined to engage
    #[arg(long)]
    pub declined: bool,
}

/// Who asked for a pause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Requester {
    AccountTeam,
    Customer,
}

impl Requester {
    fn as_str(self) -> &'static str {
        match self {
            Requester::AccountTeam => "account-team",
            Requester::Customer => "customer",
        }
    }

    /// The task a pause completes: 3985 ATU requested delay, 3996 customer requested delay.
    fn task(self) -> u32 {
        match self {
            Requester::AccountTeam => 3985,
            Requester::Customer => 3996,
        }
    }
}

#[derive(Debug, Args)]
pub struct PauseArgs {
    /// Domain, its first label, or tenant ID
    pub tenant: String,
    /// The last day of the pause
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub until: NaiveDate,
    /// Who asked for the pause
    #[arg(long, value_enum)]
    pub requested_by: Requester,
    /// Why
    #[arg(long)]
    pub reason: String,
    /// Allow a pause longer than cadence.max_pause_days
    #[arg(long)]
    pub force: bool,
}

pub fn run(ctx: &Ctx, out: &mut dyn Write, cmd: CadenceCommand) -> Result<()> {
    match cmd {
        CadenceCommand::Send(a) => send(ctx, out, a),
        CadenceCommand::Reply(a) => reply(ctx, out, a),
        CadenceCommand::Pause(a) => pause(ctx, out, a),
        CadenceCommand::Resume(a) => resume(ctx, out, a),
        CadenceCommand::Show(a) => {
            let store = ctx.open_store()?;
            let t = resolve_tenant(store.db(), &a.tenant)?;
            let cur = Current::load(store.db(), ctx, t)?;
            render::one(out, ctx.style, &cur.view(ctx))
        }
        CadenceCommand::Draft(a) => draft::run(ctx, out, a),
    }
}

/// A GoBack tenant's cadence starts over on the day it was marked: an
/// entry dated earlier would belong to the earlier engagement, which its
/// cadence no longer reads. Refused, even with `--force`.
fn before_goback(cur: &Current, on: NaiveDate) -> Result<()> {
    match cur.tenant.goback_on {
        Some(g) if on < g => Err(refused(format!(
            "{} was marked GoBack on {g}: its cadence starts over that day, and {on} is before it",
            cur.tenant.domain
        ))
        .with_hint(format!("record it on {g} or later (--on)"))
        .into()),
        _ => Ok(()),
    }
}

/// Record a send; shared with `engage`.
pub fn record_send(
    ctx: &Ctx,
    tx: Db<'_>,
    cur: &Current,
    party: Party,
    on: NaiveDate,
    via: Option<Via>,
    force: bool,
) -> Result<(u32, Via)> {
    before_goback(cur, on)?;
    let (attempt, forced) = match check_send_now(
        &cur.standing,
        party,
        on,
        ctx.today,
        cur.real_partner(),
        cur.customer_reachable(),
    ) {
        Ok(n) => (n, false),
        Err(why) if force && why.forceable() => (cur.cadence().sent_to(party) + 1, true),
        Err(why) => {
            let hint = match &why {
                _ if why.forceable() => "`--force` sends it anyway (recorded as forced)".to_string(),
                SendRefusal::BeforeStart { started, .. } => {
                    format!("date it {started} or later with --on")
                }
                SendRefusal::BeforePrevious { sent_on, .. } => format!(
                    "date it {sent_on} or later with --on (attempts to one party keep their order, even with --force)"
                ),
                _ => "`ftc cadence show` shows the next step".to_string(),
            };
            return Err(
                refused(format!("{}: {}", cur.tenant.domain, why.message(party)))
                    .with_hint(hint)
                    .into(),
            );
        }
    };
    let (_, default_via) =
        crate::domain::cadence::template(party, attempt, cur.pdm_only_unmanaged());
    let via = via.unwrap_or(default_via);
    let id = cur.tenant.id;
    insert_event(
        tx,
        id,
        &Event::Send {
            party,
            attempt,
            via,
            on,
            forced,
        },
        None,
    )?;
    let stamp = ctx.stamp();
    let note = send_note(party, attempt, via);
    add_note(tx, id, "engagement", note, &ctx.actor, on, &stamp.at)?;
    record(
        tx,
        &stamp,
        Some(id),
        "cadence.send",
        &format!(
            "{} attempt {attempt} by {} on {on}{}",
            party.words(),
            via.as_str(),
            if forced { " (forced)" } else { "" }
        ),
    )?;
    record(tx, &stamp, Some(id), "note.add", &note_history(note))?;
    // The checklist's tasks named after this step (reference data).
    let reference = crate::reference::get();
    for ct in reference
        .cadence_tasks
        .iter()
        .filter(|ct| ct.matches(party.as_str(), attempt, via.as_str()))
    {
        let before = get_task(tx, id, ct.task)?;
        if before.as_ref().is_some_and(|b| b.status == "Complete") {
            continue;
        }
        set_task(tx, id, ct.task, "Complete", on)?;
        let name = reference
            .tasks
            .iter()
            .find(|t| t.id == ct.task)
            .map_or(String::new(), |t| format!(" {}", t.name));
        record(
            tx,
            &stamp,
            Some(id),
            "task.set",
            &format!(
                "task {}{name}: {} -> Complete ({} attempt {attempt} sent)",
                ct.task,
                before.map_or("Not Started".to_string(), |b| b.status),
                party.words()
            ),
        )?;
    }
    Ok((attempt, via))
}

/// Record a reply or decline; shared with `engage`.
pub fn record_reply(
    ctx: &Ctx,
    tx: Db<'_>,
    cur: &Current,
    party: Party,
    on: NaiveDate,
    contact: Option<&str>,
    declined: bool,
) -> Result<()> {
    before_goback(cur, on)?;
    if party == Party::Partner && !cur.real_partner() {
        return Err(refused(format!("{} has no partner to answer", cur.tenant.domain)).into());
    }
    if let Err(why) = check_reply(&cur.standing, party, on, ctx.today) {
        return Err(refused(format!("{}: {why}", cur.tenant.domain))
            .with_hint(
                "give the day of the answer with --on: not before the cadence started or the party's first attempt, nor after today",
            )
            .into());
    }
    if cur.cadence().answered(party) {
        return Err(
            refused(format!("the {} has answered already", party.words()))
                .with_hint("`ftc cadence show` shows what was recorded")
                .into(),
        );
    }
    // The contact's address as the tenant has it (it is found in any case).
    let contact = match contact {
        Some(email) => {
            let Some(c) = cur
                .contacts()
                .iter()
                .find(|c| c.email.eq_ignore_ascii_case(email))
            else {
                return Err(
                    refused(format!("{email} is not a contact of {}", cur.tenant.domain))
                        .with_hint("`ftc contact list TENANT` lists them")
                        .into(),
                );
            };
            tx.execute(
                "UPDATE contacts SET engaged = 1 WHERE tenant_id = ?1 AND lower(email) = lower(?2)",
                crate::args![cur.tenant.id, c.email],
            )?;
            Some(c.email.as_str())
        }
        None => None,
    };
    let id = cur.tenant.id;
    let e = if declined {
        Event::Decline { party, on }
    } else {
        Event::Reply { party, on }
    };
    insert_event(tx, id, &e, contact)?;
    let stamp = ctx.stamp();
    let note = reply_note(party, declined);
    add_note(tx, id, "engagement", &note, &ctx.actor, on, &stamp.at)?;
    record(
        tx,
        &stamp,
        Some(id),
        if declined {
            "cadence.decline"
        } else {
            "cadence.reply"
        },
        &format!(
            "{} {} on {on}{}",
            party.words(),
            if declined {
                "declined to engage"
            } else {
                "responded"
            },
            contact.map_or(String::new(), |c| format!(" ({c})"))
        ),
    )?;
    record(tx, &stamp, Some(id), "note.add", &note_history(&note))?;
    if declined && party == Party::Partner {
        // A partner that declines deploys nothing (rule 4.2), as `partner none`.
        crate::cli::partner::none::record_no_partner(ctx, tx, id, Some("the partner declined"))?;
    }
    Ok(())
}

/// Keep the agenda's column current after a change outside the cadence
/// commands that may open or close the cadence (a partner set or dropped
/// adds or removes the partner step; a GoBack mark starts it over). A tenant with no outreach and no pause has
/// nothing stored: its first contact is due the day it was added.
pub fn refresh_agenda(ctx: &Ctx, tx: Db<'_>, tenant: &Tenant) -> Result<()> {
    if tenant.cadence_state.is_none() {
        return Ok(());
    }
    Current::load(tx, ctx, tenant.clone())?.save_agenda_fields(tx)
}

fn send(ctx: &Ctx, out: &mut dyn Write, a: SendArgs) -> Result<()> {
    let mut store = ctx.open_store()?;
    let tx = store.write()?;
    let t = resolve_tenant(&tx, &a.tenant)?;
    let cur = Current::load(tx.db(), ctx, t)?;
    let on = a.on.unwrap_or(ctx.today);
    let (attempt, via) = record_send(ctx, tx.db(), &cur, a.party, on, a.via, a.force)?;
    let after = Current::load(tx.db(), ctx, cur.tenant.clone())?;
    after.save_agenda_fields(tx.db())?;
    tx.commit()?;
    ctx.say(&format!(
        "{}: {} attempt {attempt} ({}) recorded",
        after.tenant.domain,
        a.party.words(),
        via.as_str()
    ));
    say_next(ctx, &after);
    render::one(out, ctx.style, &after.view(ctx))
}

fn reply(ctx: &Ctx, out: &mut dyn Write, a: ReplyArgs) -> Result<()> {
    let mut store = ctx.open_store()?;
    let tx = store.write()?;
    let t = resolve_tenant(&tx, &a.tenant)?;
    let cur = Current::load(tx.db(), ctx, t)?;
    let on = a.on.unwrap_or(ctx.today);
    record_reply(
        ctx,
        tx.db(),
        &cur,
        a.party,
        on,
        a.contact.as_deref(),
        a.declined,
    )?;
    let after = Current::load(tx.db(), ctx, cur.tenant.clone())?;
    after.save_agenda_fields(tx.db())?;
    tx.commit()?;
    ctx.say(&format!(
        "{}: the {} {}",
        after.tenant.domain,
        a.party.words(),
        if a.declined {
            "declined to engage"
        } else {
            "responded"
        }
    ));
    say_next(ctx, &after);
    render::one(out, ctx.style, &after.view(ctx))
}

fn pause(ctx: &Ctx, out: &mut dyn Write, a: PauseArgs) -> Result<()> {
    let reason = a.reason.trim();
    if reason.is_empty() {
        return Err(invalid("--reason: empty").into());
    }
    let mut store = ctx.open_store()?;
    let tx = store.write()?;
    let t = resolve_tenant(&tx, &a.tenant)?;
    let cur = Current::load(tx.db(), ctx, t)?;
    if a.until < ctx.today {
        return Err(refused(format!("--until {} is in the past", a.until)).into());
    }
    if let Some(p) = cur.active_pause(ctx.today) {
        return Err(refused(format!(
            "{} is paused already, until {}",
            cur.tenant.domain, p.pause.until
        ))
        .with_hint("`ftc cadence resume` ends that pause first")
        .into());
    }
    let days = (a.until - ctx.today).num_days() + 1;
    let max = i64::from(ctx.config.cadence.max_pause_days);
    if days > max && !a.force {
        return Err(refused(format!(
            "a pause of {days} days is longer than the {max} allowed"
        ))
        .with_hint("`--force` allows a longer one (cadence.max_pause_days sets the limit)")
        .into());
    }
    let p = Pause {
        from: ctx.today,
        until: a.until,
        resumed_on: None,
    };
    let id = cur.tenant.id;
    insert_pause(&tx, id, &p, a.requested_by.as_str(), reason)?;
    set_task(&tx, id, a.requested_by.task(), "Complete", ctx.today)?;
    record(
        &tx,
        &ctx.stamp(),
        Some(id),
        "cadence.pause",
        &format!(
            "paused until {} at the {}'s request ({days} days): {reason}; task {} complete",
            a.until,
            if a.requested_by == Requester::Customer {
                "customer"
            } else {
                "account team"
            },
            a.requested_by.task()
        ),
    )?;
    let after = Current::load(tx.db(), ctx, cur.tenant.clone())?;
    after.save_agenda_fields(tx.db())?;
    tx.commit()?;
    ctx.say(&format!(
        "{}: paused until {}",
        after.tenant.domain, a.until
    ));
    say_next(ctx, &after);
    render::one(out, ctx.style, &after.view(ctx))
}

fn resume(ctx: &Ctx, out: &mut dyn Write, a: TenantArg) -> Result<()> {
    let mut store = ctx.open_store()?;
    let tx = store.write()?;
    let t = resolve_tenant(&tx, &a.tenant)?;
    let cur = Current::load(tx.db(), ctx, t)?;
    let Some(p) = cur.active_pause(ctx.today).cloned() else {
        return Err(refused(format!("{} is not paused", cur.tenant.domain)).into());
    };
    resume_pause(&tx, p.id, ctx.today)?;
    record(
        &tx,
        &ctx.stamp(),
        Some(cur.tenant.id),
        "cadence.resume",
        &format!("resumed on {} (paused until {})", ctx.today, p.pause.until),
    )?;
    let after = Current::load(tx.db(), ctx, cur.tenant.clone())?;
    after.save_agenda_fields(tx.db())?;
    tx.commit()?;
    ctx.say(&format!("{}: resumed", after.tenant.domain));
    say_next(ctx, &after);
    render::one(out, ctx.style, &after.view(ctx))
}

fn say_next(ctx: &Ctx, cur: &Current) {
    ctx.say(&format!(
        "next: {}",
        NextStepView::of(&cur.standing, cur.tenant.region).line()
    ));
}
