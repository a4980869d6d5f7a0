//! Combinators that stay generators: each forwards `poll_close` and
//! `is_finished` to the generator it wraps.

use core::pin::Pin;
use core::task::{Context, Poll, ready};

use futures_core::Stream;
use pin_project_lite::pin_project;

use crate::generator::AsyncGenerator;

/// Forwards the close of a combinator to its inner generator.
macro_rules! forward_close {
    ($name:ident) => {
        forward_close!($name<>);
    };
    ($name:ident < $($param:ident),* >) => {
        impl<G: AsyncGenerator, $($param),*> AsyncGenerator for $name<G, $($param),*>
        where
            $name<G, $($param),*>: Stream,
        {
            type Closed = G::Closed;

            fn poll_close(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<G::Closed> {
                self.project().inner.poll_close(cx)
            }

            fn is_finished(&self) -> bool {
                self.inner.is_finished()
            }
        }
    };
}

pin_project! {
    /// Maps each item; see [`AsyncGeneratorExt::map`](crate::AsyncGeneratorExt::map).
    #[derive(Debug)]
    #[must_use = "streams do nothing unless polled"]
    pub struct Map<G, F> {
        #[pin]
        inner: G,
        f: F,
    }
}

impl<G, F> Map<G, F> {
    pub(crate) fn new(inner: G, f: F) -> Self {
        Map { inner, f }
    }
}

impl<G: Stream, F: FnMut(G::Item) -> T, T> Stream for Map<G, F> {
    type Item = T;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        let this = self.project();
        Poll::Ready(ready!(this.inner.poll_next(cx)).map(this.f))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

forward_close!(Map<F>);

pin_project! {
    /// Keeps the items a predicate accepts; see
    /// [`AsyncGeneratorExt::filter`](crate::AsyncGeneratorExt::filter).
    #[derive(Debug)]
    #[must_use = "streams do nothing unless polled"]
    pub struct Filter<G, F> {
        #[pin]
        inner: G,
        predicate: F,
    }
}

impl<G, F> Filter<G, F> {
    pub(crate) fn new(inner: G, predicate: F) -> Self {
        Filter { inner, predicate }
    }
}

impl<G: Stream, F: FnMut(&G::Item) -> bool> Stream for Filter<G, F> {
    type Item = G::Item;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<G::Item>> {
        let mut this = self.project();
        loop {
            match ready!(this.inner.as_mut().poll_next(cx)) {
                Some(item) if !(this.predicate)(&item) => continue,
                other => return Poll::Ready(other),
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, self.inner.size_hint().1)
    }
}

forward_close!(Filter<F>);

pin_project! {
    /// Maps and filters in one step; see
    /// [`AsyncGeneratorExt::filter_map`](crate::AsyncGeneratorExt::filter_map).
    #[derive(Debug)]
    #[must_use = "streams do nothing unless polled"]
    pub struct FilterMap<G, F> {
        #[pin]
        inner: G,
        f: F,
    }
}

impl<G, F> FilterMap<G, F> {
    pub(crate) fn new(inner: G, f: F) -> Self {
        FilterMap { inner, f }
    }
}

impl<G: Stream, F: FnMut(G::Item) -> Option<T>, T> Stream for FilterMap<G, F> {
    type Item = T;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        let mut this = self.project();
        loop {
            match ready!(this.inner.as_mut().poll_next(cx)) {
                Some(item) => match (this.f)(item) {
                    Some(mapped) => return Poll::Ready(Some(mapped)),
                    None => continue,
                },
                None => return Poll::Ready(None),
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, self.inner.size_hint().1)
    }
}

forward_close!(FilterMap<F>);

pin_project! {
    /// The first `n` items; see [`AsyncGeneratorExt::take`](crate::AsyncGeneratorExt::take).
    ///
    /// After `n` items it returns `None` without polling the generator again;
    /// the generator stays open until the `Take` is closed or dropped.
    #[derive(Debug)]
    #[must_use = "streams do nothing unless polled"]
    pub struct Take<G> {
        #[pin]
        inner: G,
        remaining: usize,
    }
}

impl<G> Take<G> {
    pub(crate) fn new(inner: G, remaining: usize) -> Self {
        Take { inner, remaining }
    }
}

impl<G: Stream> Stream for Take<G> {
    type Item = G::Item;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<G::Item>> {
        let this = self.project();
        if *this.remaining == 0 {
            return Poll::Ready(None);
        }
        let item = ready!(this.inner.poll_next(cx));
        *this.remaining = if item.is_some() {
            *this.remaining - 1
        } else {
            0
        };
        Poll::Ready(item)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let (low, high) = self.inner.size_hint();
        let high = Some(high.map_or(self.remaining, |high| high.min(self.remaining)));
        (low.min(self.remaining), high)
    }
}

forward_close!(Take);

pin_project! {
    /// Items while a predicate holds; see
    /// [`AsyncGeneratorExt::take_while`](crate::AsyncGeneratorExt::take_while).
    #[derive(Debug)]
    #[must_use = "streams do nothing unless polled"]
    pub struct TakeWhile<G, F> {
        #[pin]
        inner: G,
        predicate: F,
        done: bool,
    }
}

impl<G, F> TakeWhile<G, F> {
    pub(crate) fn new(inner: G, predicate: F) -> Self {
        TakeWhile {
            inner,
            predicate,
            done: false,
        }
    }
}

impl<G: Stream, F: FnMut(&G::Item) -> bool> Stream for TakeWhile<G, F> {
    type Item = G::Item;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<G::Item>> {
        let this = self.project();
        if *this.done {
            return Poll::Ready(None);
        }
        match ready!(this.inner.poll_next(cx)) {
            Some(item) if (this.predicate)(&item) => Poll::Ready(Some(item)),
            _ => {
                *this.done = true;
                Poll::Ready(None)
            }
        }
    }
}

forward_close!(TakeWhile<F>);

pin_project! {
    /// Items with their index; see
    /// [`AsyncGeneratorExt::enumerate`](crate::AsyncGeneratorExt::enumerate).
    #[derive(Debug)]
    #[must_use = "streams do nothing unless polled"]
    pub struct Enumerate<G> {
        #[pin]
        inner: G,
        count: usize,
    }
}

impl<G> Enumerate<G> {
    pub(crate) fn new(inner: G) -> Self {
        Enumerate { inner, count: 0 }
    }
}

impl<G: Stream> Stream for Enumerate<G> {
    type Item = (usize, G::Item);

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<(usize, G::Item)>> {
        let this = self.project();
        let item = ready!(this.inner.poll_next(cx));
        Poll::Ready(item.map(|item| {
            let index = *this.count;
            *this.count += 1;
            (index, item)
        }))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

forward_close!(Enumerate);
