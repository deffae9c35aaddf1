#![forbid(unsafe_code)]

fn main() -> std::process::ExitCode {
    ftc::main_entry()
}
