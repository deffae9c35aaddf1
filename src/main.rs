#![forbid(unsafe_code)]

/// mimalloc: the import's reader thread allocates rows that the store's
/// thread frees, which glibc's allocator handles slowly.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    ftc::main_entry()
}
