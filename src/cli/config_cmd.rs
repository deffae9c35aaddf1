//! `ftc config show|init`

use super::Ctx;
use crate::config::TEMPLATE;
use crate::error::{refused, Result};
use crate::render::Format;
use clap::{Args, Subcommand};
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the effective config (defaults merged with the file)
    Show,
    /// Write a commented template config (never overwrites)
    Init(InitArgs),
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to write it [default: the --config path]
    pub path: Option<PathBuf>,
}

pub fn run(ctx: &Ctx, out: &mut dyn Write, cmd: ConfigCommand) -> Result<()> {
    match cmd {
        ConfigCommand::Show => {
            ctx.say(&format!("# config file: {}", ctx.config_path.display()));
            match ctx.style.format {
                Format::Json => {
                    serde_json::to_writer_pretty(&mut *out, &ctx.config)?;
                    writeln!(out)?;
                }
                // JSON Lines: the one value on one line.
                Format::Jsonl => {
                    serde_json::to_writer(&mut *out, &ctx.config)?;
                    writeln!(out)?;
                }
                _ => write!(out, "{}", toml::to_string_pretty(&ctx.config)?)?,
            }
            Ok(())
        }
        ConfigCommand::Init(a) => {
            let path = a.path.unwrap_or_else(|| ctx.config_path.clone());
            if path.exists() {
                return Err(refused(format!(
                    "{} exists already; not overwriting it",
                    path.display()
                ))
                .with_hint("edit it, or move it away first")
                .into());
            }
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)
                    .map_err(|e| refused(format!("cannot create {}: {e}", dir.display())))?;
            }
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
                .map_err(|e| refused(format!("cannot write {}: {e}", path.display())))?;
            f.write_all(TEMPLATE.as_bytes())?;
            ctx.say(&format!("wrote {}", path.display()));
            Ok(())
        }
    }
}
