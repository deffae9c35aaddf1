//! `ftc cadence draft TENANT [--lang L] [--out PATH] [--mailto]`: the next
//! step's e-mail as an RFC 5322 draft (`.eml`, `X-Unsent: 1`: Outlook opens
//! it as a message to send, Thunderbird with "Edit as New Message"), or as
//! a `mailto:` URL. `engage` writes the same draft.

use super::current::{response_days, Current, NextStepView, RegionDays};
use crate::cli::Ctx;
use crate::domain::cadence::Party;
use crate::domain::draft::{
    choose_language, default_language, display_name, mailto, message_id, replies_to, reply_by,
    subject_of, workloads_named, Values,
};
use crate::domain::standing::{nobody_on_file, partners_written_to};
use crate::error::{invalid, refused, Result};
use crate::reference::templates::Templates;
use crate::reference::workloads;
use crate::store::tenants::resolve_tenant;
use chrono::{NaiveDate, Utc};
use clap::Args;
use mail_builder::headers::address::Address;
use mail_builder::headers::raw::Raw;
use mail_builder::MessageBuilder;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct DraftArgs {
    /// Domain, its first label, or tenant ID
    pub tenant: String,
    /// The language: a code (en, de, fr, es, pt, ja) or its name [default: the customer contact's survey language for customer e-mails, else English]
    #[arg(long, value_name = "L")]
    pub lang: Option<String>,
    /// Write the draft to this file (or, for a directory, to DOMAIN-PARTY-ATTEMPT.eml in it) instead of stdout
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// Replace an existing file
    #[arg(long, requires = "out")]
    pub force: bool,
    /// Print a mailto: URL instead of the message
    #[arg(long, conflicts_with = "out")]
    pub mailto: bool,
}

/// A step's e-mail, filled in.
pub struct Draft {
    pub party: Party,
    pub attempt: u32,
    pub template: &'static str,
    /// The language code it is written in.
    pub lang: String,
    /// Addresses with their contacts' names.
    pub to: Vec<(Option<String>, String)>,
    pub cc: Vec<(Option<String>, String)>,
    pub subject: String,
    pub body: String,
    pub message_id: String,
    /// The Message-ID of the e-mail it answers.
    pub in_reply_to: Option<String>,
    /// Said on stderr: a survey language without templates.
    pub note: Option<String>,
}

impl Draft {
    /// The draft of a tenant's next step. Refused when the next step is
    /// not a contact, or nobody may be written to.
    pub fn of(ctx: &Ctx, cur: &Current, lang: Option<&str>) -> Result<Draft> {
        let Some(c) = cur.standing.contact() else {
            let view = NextStepView::of(&cur.standing, cur.tenant.region);
            let why = match (&view.why, view.kind) {
                (Some(why), "none") => why.clone(),
                _ => format!("the next step is {}", view.line()),
            };
            return Err(refused(format!(
                "{} has no e-mail to send: {why}",
                cur.tenant.domain
            ))
            .with_hint(format!("`ftc cadence show {}` says why", cur.tenant.domain))
            .into());
        };
        let step = &c.step;
        if c.to.is_empty() {
            return Err(refused(format!(
                "{} has nobody to send the {} to: {}",
                cur.tenant.domain,
                step.template,
                nobody_on_file(step.party)
            ))
            .with_hint("add one with `ftc contact add`")
            .into());
        }
        let config_dir = ctx.config_path.parent().unwrap_or(Path::new("."));
        let templates = Templates::load(config_dir)?;
        let contacts = cur.contacts();
        let survey = default_language(step, &c.to, contacts);
        let ((code, language), note) = choose_language(lang, survey, &templates.languages)
            .ok_or_else(|| match lang {
                Some(l) => refused(format!("no templates in '{l}'"))
                    .with_hint(format!("languages: {}", templates.names())),
                None => refused("the English templates are missing"),
            })?;
        let template = templates.get(code, step.template)?;
        let cal = RegionDays {
            cal: ctx.calendar()?,
            region: cur.tenant.region,
        };
        let reply = reply_by(
            step,
            ctx.today,
            response_days(ctx).for_party(step.party),
            &cal,
        );
        let names = |emails: &[String]| -> Vec<(Option<String>, String)> {
            emails
                .iter()
                .map(|e| (display_name(e, contacts).map(str::to_string), e.clone()))
                .collect()
        };
        let to = names(&c.to);
        let partner: Vec<String> = partners_written_to(&cur.stored.partners)
            .iter()
            .map(|p| p.name.clone())
            .collect();
        let values = Values {
            customer: cur.tenant.customer.clone(),
            domain: cur.tenant.domain.clone(),
            workloads: {
                let s = &cur.stored;
                let slugs = workloads_named(&s.dibs, &s.contacts, &s.usage);
                // Named as the reference names them, in its order.
                let named: Vec<String> = workloads::all()
                    .iter()
                    .filter(|w| slugs.contains(&w.slug.as_str()))
                    .map(|w| w.name.clone())
                    .collect();
                if named.is_empty() {
                    language.all_workloads.clone()
                } else {
                    language.list(&named)
                }
            },
            fm: cur.tenant.fm.clone().unwrap_or_else(|| ctx.actor.clone()),
            reply_by: language.date(reply),
            candidate_partners: language.list(&c.candidates),
            partner: language.list(&partner),
            to_names: language.list(&to.iter().filter_map(|(n, _)| n.clone()).collect::<Vec<_>>()),
        };
        let (subject, body) = template.fill(&values);
        let started = cur.standing.started;
        let domain = &cur.tenant.domain;
        let in_reply_to = replies_to(step).map(|(p, n)| message_id(domain, started, p, n));
        let subject = subject_of(step, subject);
        Ok(Draft {
            party: step.party,
            attempt: step.attempt,
            template: step.template,
            lang: code.clone(),
            to,
            cc: names(&c.cc),
            subject,
            body,
            message_id: message_id(domain, started, step.party, step.attempt),
            in_reply_to,
            note,
        })
    }

    /// The message: RFC 5322 with MIME, headers encoded as RFC 2047 where
    /// they are not ASCII, the body UTF-8.
    pub fn eml(&self, today: NaiveDate) -> Result<String> {
        fn addresses(list: &[(Option<String>, String)]) -> Address<'_> {
            Address::new_list(
                list.iter()
                    .map(|(n, e)| Address::new_address(n.as_deref(), e.as_str()))
                    .collect(),
            )
        }
        let now = Utc::now();
        // The draft is dated today (the pinned day, when `--today` pins one).
        let date = if now.date_naive() == today {
            now.timestamp()
        } else {
            today
                .and_hms_opt(9, 0, 0)
                .map_or(0, |d| d.and_utc().timestamp())
        };
        let mut m = MessageBuilder::new()
            .to(addresses(&self.to))
            .subject(self.subject.as_str())
            .message_id(self.message_id.as_str())
            .date(date)
            .header("X-Unsent", Raw::new("1"))
            .header("Content-Language", Raw::new(self.lang.as_str()))
            .text_body(self.body.as_str());
        if !self.cc.is_empty() {
            m = m.cc(addresses(&self.cc));
        }
        if let Some(r) = &self.in_reply_to {
            m = m.in_reply_to(r.as_str()).references(r.as_str());
        }
        Ok(m.write_to_string()?)
    }

    pub fn mailto(&self) -> String {
        let emails =
            |l: &[(Option<String>, String)]| l.iter().map(|(_, e)| e.clone()).collect::<Vec<_>>();
        mailto(
            &emails(&self.to),
            &emails(&self.cc),
            &self.subject,
            &self.body,
            self.in_reply_to.as_deref(),
        )
    }

    /// `DOMAIN-PARTY-ATTEMPT.eml`.
    pub fn file_name(&self, domain: &str) -> String {
        format!("{domain}-{}-{}.eml", self.party.as_str(), self.attempt)
    }
}

/// Write a draft file, mode 0600 (it holds contacts' names and addresses).
/// An existing file is replaced only when `force`.
pub fn write_file(path: &Path, eml: &str, force: bool) -> Result<()> {
    use std::fs::OpenOptions;
    let mut o = OpenOptions::new();
    o.write(true);
    if force {
        o.create(true).truncate(true);
    } else {
        o.create_new(true);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    let mut f = o.open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            refused(format!("{} exists already", path.display())).with_hint("--force replaces it")
        } else {
            invalid(format!("cannot write {}: {e}", path.display()))
        }
    })?;
    f.write_all(eml.as_bytes())?;
    Ok(())
}

pub fn run(ctx: &Ctx, out: &mut dyn Write, a: DraftArgs) -> Result<()> {
    let store = ctx.open_store()?;
    let t = resolve_tenant(store.db(), &a.tenant)?;
    let cur = Current::load(store.db(), ctx, t)?;
    let draft = Draft::of(ctx, &cur, a.lang.as_deref())?;
    if let Some(n) = &draft.note {
        ctx.say(&format!("note: {n}"));
    }
    if a.mailto {
        writeln!(out, "{}", draft.mailto())?;
        return Ok(());
    }
    let eml = draft.eml(ctx.today)?;
    match a.out {
        None => out.write_all(eml.as_bytes())?,
        Some(path) => {
            let path = if path.is_dir() {
                path.join(draft.file_name(&cur.tenant.domain))
            } else {
                path
            };
            write_file(&path, &eml, a.force)?;
            ctx.say(&format!(
                "wrote the {} draft to {} ({} to {})",
                draft.template,
                path.display(),
                draft.lang,
                draft
                    .to
                    .iter()
                    .map(|(_, e)| e.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    Ok(())
}
