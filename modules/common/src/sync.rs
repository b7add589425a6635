//! Locking shared state that cannot be left half-changed.

use std::sync::{Mutex, MutexGuard};

/// Locks `mutex`, also after a holder panicked. For state whose every change under the lock
/// is one step (a push, a take, an insert or a removal), so a panicking holder cannot have
/// broken an invariant halfway, and refusing every later caller would only spread the panic.
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}
