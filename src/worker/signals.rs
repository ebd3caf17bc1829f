//! SIGTERM and SIGINT start the graceful stop; a second SIGINT stops at once.

use std::sync::Arc;
use std::time::{Duration, Instant};

use signal_hook::consts::{SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

use super::shutdown::Shutdown;

/// Exit status for a second Ctrl-C, as shells report a SIGINT death.
const INTERRUPTED_TWICE: i32 = 130;

pub fn install(shutdown: Arc<Shutdown>, stop_timeout: Duration) -> std::io::Result<()> {
    let mut signals = Signals::new([SIGTERM, SIGINT])?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            let mut interrupts = 0;
            for signal in signals.forever() {
                let name = if signal == SIGINT { "SIGINT" } else { "SIGTERM" };
                if signal == SIGINT {
                    interrupts += 1;
                    if interrupts >= 2 {
                        eprintln!("second SIGINT: stopping at once");
                        std::process::exit(INTERRUPTED_TWICE);
                    }
                }
                tracing::warn!(
                    event = "signal",
                    signal = name,
                    stop_timeout_s = stop_timeout.as_secs_f64(),
                    "stopping gracefully"
                );
                shutdown.request(format!("{name} received"), Instant::now() + stop_timeout);
            }
        })?;
    Ok(())
}
