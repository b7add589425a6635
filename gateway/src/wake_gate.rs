//! Polling a future or stream only once it has been woken.
//!
//! A WebSocket's loop (`ws_protocol::serve`) waits on three things at once: the frame to close
//! with, the client's next message and the next answer of its subscriptions. A `select!` polls
//! all three whenever any of them wakes the task, and with 10,000 subscribers an event wakes
//! 10,000 tasks for the answer alone: polling the other two each time (two watch channels and a
//! timer behind the close, tungstenite's read path down to the socket behind the message) was a
//! tenth of the hub's CPU in the fan-out (`perf`, issue 18). Behind a gate, each is polled with
//! a waker of the gate's own, and polled again only after that waker fired.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll, Wake, Waker};

use futures_util::task::AtomicWaker;

/// One thing polled through a gate: a future until it completes, or a stream item after item.
pub struct WakeGate {
    signal: Arc<Signal>,
    /// The waker the gated thing is polled with; it wakes the task that polled the gate last.
    waker: Waker,
}

struct Signal {
    /// Whether the gated thing may have progress to make: its waker fired, it was never polled,
    /// or it was ready when last polled (a stream may have its next item at hand).
    woken: AtomicBool,
    task: AtomicWaker,
}

impl Wake for Signal {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.woken.store(true, Ordering::Release);
        self.task.wake();
    }
}

impl Default for WakeGate {
    fn default() -> Self {
        let signal = Arc::new(Signal { woken: AtomicBool::new(true), task: AtomicWaker::new() });
        let waker = Waker::from(signal.clone());
        Self { signal, waker }
    }
}

impl WakeGate {
    /// `poll`'s answer when the gated thing may have progress to make, else `Pending` without
    /// calling it. Either way the task polling now is woken when the gated thing is.
    pub fn poll<T>(&self, cx: &mut Context<'_>, poll: impl FnOnce(&mut Context<'_>) -> Poll<T>) -> Poll<T> {
        // Registered before the flag is read: a wake in between sets the flag and wakes this
        // task again, so none is lost.
        self.signal.task.register(cx.waker());
        if !self.signal.woken.swap(false, Ordering::AcqRel) {
            return Poll::Pending;
        }
        let answer = poll(&mut Context::from_waker(&self.waker));
        if answer.is_ready() {
            self.signal.woken.store(true, Ordering::Release);
        }
        answer
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicUsize;

    use futures_util::StreamExt;

    use super::*;

    #[tokio::test]
    async fn the_gated_stream_is_polled_only_when_it_has_something() {
        let (sender, receiver) = tokio::sync::mpsc::unbounded_channel::<u32>();
        let mut items = tokio_stream_of(receiver);
        let polls = AtomicUsize::new(0);
        let gate = WakeGate::default();
        let mut next = |cx: &mut Context<'_>| {
            gate.poll(cx, |cx| {
                polls.fetch_add(1, Ordering::Relaxed);
                items.poll_next_unpin(cx)
            })
        };
        let task = futures_util::task::noop_waker();
        let mut cx = Context::from_waker(&task);
        // The first poll goes through and leaves the channel's waker set.
        assert!(next(&mut cx).is_pending());
        assert_eq!(polls.load(Ordering::Relaxed), 1);
        // Polled again without a wake, the stream is not asked.
        assert!(next(&mut cx).is_pending());
        assert_eq!(polls.load(Ordering::Relaxed), 1);
        // Two items: the first wakes the gate; after a ready item the next poll asks again,
        // so the second is found without another wake.
        sender.send(1).expect("open");
        sender.send(2).expect("open");
        assert_eq!(next(&mut cx), Poll::Ready(Some(1)));
        assert_eq!(next(&mut cx), Poll::Ready(Some(2)));
        // After the second item the stream is asked once more, and then not until woken.
        assert!(next(&mut cx).is_pending());
        assert!(next(&mut cx).is_pending());
        assert_eq!(polls.load(Ordering::Relaxed), 4);
        drop(sender);
        assert_eq!(next(&mut cx), Poll::Ready(None));
    }

    #[tokio::test]
    async fn a_task_waiting_on_the_gate_is_woken() {
        let (sender, receiver) = tokio::sync::oneshot::channel::<&str>();
        let gate = WakeGate::default();
        let waiting = tokio::spawn(async move {
            let mut receiver = receiver;
            std::future::poll_fn(|cx| gate.poll(cx, |cx| std::pin::Pin::new(&mut receiver).poll(cx))).await
        });
        tokio::task::yield_now().await;
        sender.send("woken").expect("the task waits");
        let answer = tokio::time::timeout(std::time::Duration::from_secs(5), waiting).await;
        assert_eq!(answer.expect("woken in time").expect("ran").expect("sent"), "woken");
    }

    fn tokio_stream_of<T: Send + 'static>(
        receiver: tokio::sync::mpsc::UnboundedReceiver<T>,
    ) -> futures_util::stream::BoxStream<'static, T> {
        futures_util::stream::unfold(receiver, |mut receiver| async move {
            receiver.recv().await.map(|item| (item, receiver))
        })
        .boxed()
    }
}
