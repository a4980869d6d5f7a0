//! `futures::StreamExt` and `futures::TryStreamExt` keep `close`: the
//! adapters their methods return are generators when the stream inside is
//! one.
//!
//! Each adapter reaches its inner stream through `get_pin_mut`, so closing
//! the adapter closes the generator inside it, and a chain of adapters
//! closes the generator at its root. The adapters themselves are
//! futures-util's: the methods users already call (`map`, `filter`,
//! `take`, ...) keep working unchanged, with no second set of combinators
//! to import and no method-resolution clash.
//!
//! # What close does with an adapter's own state
//!
//! futures-util gives no access to the state an adapter holds besides its
//! inner stream, so close cannot drop it:
//!
//! - `then`, `filter`, `filter_map`, `take_while`, `skip_while`, `scan`
//!   and their `Try` forms hold a future in flight while they wait on it;
//!   `peekable` holds a peeked item. Close leaves them in the adapter and
//!   closes the generator inside. They are dropped with the adapter; an
//!   adapter polled again after close first finishes that future (and may
//!   yield its item, or the peeked one), then returns `None`.
//! - `take_until`'s stopping future stays too, until the adapter is dropped;
//!   it yields no item.
//! - Close never polls that future: a slow predicate does not delay the
//!   cleanup.
//!
//! # `is_finished`
//!
//! An adapter is finished when the generator inside is finished *and* the
//! adapter yields nothing more, so a finished adapter has run its
//! generator's cleanup and has no item in flight:
//!
//! - adapters that only pass on (and map) what the generator yields (`map`,
//!   `enumerate`, `inspect`, `skip`, `take`, `take_until`, `fuse`, `map_ok`,
//!   ...) are finished when the generator is;
//! - adapters that may hold an item or a future (`filter`, `then`,
//!   `peekable`, `and_then`, ...) are finished when the generator is and
//!   their `FusedStream::is_terminated` says nothing is in flight. After a
//!   close, `peekable` says so only once it has been polled again (its
//!   inner `Fuse` has not seen the end yet): `is_finished` stays `false`
//!   until then, erring on the side of "poll me".
//!
//! A `take(n)` that has given its `n` items is terminated (it yields nothing
//! more) but not finished: the generator inside is still open, and its
//! cleanup runs on close (or on drop).

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};

use futures_core::{FusedStream, TryFuture, TryStream};
use futures_util::stream;

use crate::generator::AsyncGenerator;

/// `impl AsyncGenerator` for futures-util adapters over one inner stream
/// `St`, reached through `get_pin_mut` / `get_ref`. The bounds in brackets
/// are those of the adapter's `get_pin_mut`. `inner` adapters yield only
/// what the generator inside yields, as it yields it: they are finished when
/// it is. `holding` adapters may hold an item or a future in flight: they
/// are finished when it is and they are terminated too.
macro_rules! close_through_inner {
    ($(impl<$($param:ident),*> $adapter:ident<$($arg:ident),*> [$($bound:tt)*] $kind:ident;)*) => {$(
        impl<$($param),*> AsyncGenerator for stream::$adapter<$($arg),*>
        where
            St: AsyncGenerator,
            Self: FusedStream,
            $($bound)*
        {
            type Closed = St::Closed;

            fn poll_close(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<St::Closed> {
                self.get_pin_mut().poll_close(cx)
            }

            fn is_finished(&self) -> bool {
                close_through_inner!(@finished $kind self)
            }
        }
    )*};
    (@finished inner $self:ident) => {
        $self.get_ref().is_finished()
    };
    (@finished holding $self:ident) => {
        $self.get_ref().is_finished() && FusedStream::is_terminated($self)
    };
}

close_through_inner! {
    // `StreamExt`
    impl<St> Enumerate<St> [] inner;
    impl<St, Fut, F> Filter<St, Fut, F>
        [F: FnMut(&St::Item) -> Fut, Fut: Future<Output = bool>] holding;
    impl<St, Fut, F> FilterMap<St, Fut, F> [F: FnMut(St::Item) -> Fut, Fut: Future] holding;
    impl<St> Fuse<St> [] inner;
    impl<St, F> Inspect<St, F> [] inner;
    impl<St, F> Map<St, F> [] inner;
    impl<St> Peekable<St> [] holding;
    impl<B, St, S, Fut, F> Scan<St, S, Fut, F>
        [F: FnMut(&mut S, St::Item) -> Fut, Fut: Future<Output = Option<B>>] holding;
    impl<St> Skip<St> [] inner;
    impl<St, Fut, F> SkipWhile<St, Fut, F>
        [F: FnMut(&St::Item) -> Fut, Fut: Future<Output = bool>] holding;
    impl<St> Take<St> [] inner;
    // Its future decides when to stop; the items are the generator's.
    impl<St, Fut> TakeUntil<St, Fut> [Fut: Future] inner;
    impl<St, Fut, F> TakeWhile<St, Fut, F>
        [F: FnMut(&St::Item) -> Fut, Fut: Future<Output = bool>] holding;
    impl<St, Fut, F> Then<St, Fut, F> [F: FnMut(St::Item) -> Fut] holding;
    // `TryStreamExt`
    impl<St, Fut, F> AndThen<St, Fut, F>
        [St: TryStream, F: FnMut(St::Ok) -> Fut, Fut: TryFuture<Error = St::Error>] holding;
    impl<St, E> ErrInto<St, E> [] inner;
    impl<St, F> InspectErr<St, F> [] inner;
    impl<St, F> InspectOk<St, F> [] inner;
    impl<St> IntoStream<St> [] inner;
    impl<St, F> MapErr<St, F> [] inner;
    impl<St, F> MapOk<St, F> [] inner;
    impl<St, Fut, F> OrElse<St, Fut, F>
        [St: TryStream, F: FnMut(St::Error) -> Fut, Fut: TryFuture<Ok = St::Ok>] holding;
    impl<St, Fut, F> TryFilter<St, Fut, F> [St: TryStream] holding;
    impl<St, Fut, F> TryFilterMap<St, Fut, F> [] holding;
    impl<St, Fut, F> TrySkipWhile<St, Fut, F>
        [St: TryStream, F: FnMut(&St::Ok) -> Fut, Fut: TryFuture<Ok = bool, Error = St::Error>]
        holding;
    impl<St, Fut, F> TryTakeWhile<St, Fut, F>
        [St: TryStream, F: FnMut(&St::Ok) -> Fut, Fut: TryFuture<Ok = bool, Error = St::Error>]
        holding;
}
