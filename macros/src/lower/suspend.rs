//! Yields and awaits become suspensions that notice a close.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::visit_mut::{self, VisitMut};
use syn::{Block, Expr, Ident, Item, Macro, Stmt, parse_quote, parse_quote_spanned};

use super::{Lowering, build};
use crate::errors::Errors;
use crate::foreign;
use crate::names::{self, CrateMacro, classify};

/// Lowers the suspensions; returns whether the body has sections.
pub(super) fn lower(block: &mut Block, lowering: &Lowering<'_>) -> syn::Result<bool> {
    let krate = syn::parse2(lowering.krate.clone())?;
    let mut pass = Suspend {
        krate,
        sections: false,
        in_foreign: false,
        lowering,
        in_finally: false,
        protected: 0,
        owned: Vec::new(),
        owns: 0,
        at_tail: false,
        errors: Errors::default(),
    };
    pass.visit_block_mut(block);
    pass.errors.finish(pass.sections)
}

struct Suspend<'a, 'l> {
    /// `lowering.krate`, parsed once.
    krate: syn::Path,
    /// A section was emitted (see [`Suspend::section`]).
    sections: bool,
    /// Inside another macro's input, which that macro may rearrange.
    in_foreign: bool,
    lowering: &'a Lowering<'l>,
    /// Inside `finally!`: awaits run to completion (not abandoned by close).
    in_finally: bool,
    /// How many `finally!` blocks protect the code being visited.
    protected: usize,
    /// The inner generators `own!` pinned in the enclosing blocks, outermost
    /// first.
    owned: Vec<Ident>,
    /// How many `own!` calls were lowered (for unique names).
    owns: usize,
    /// The statement being lowered is its block's last.
    at_tail: bool,
    errors: Errors,
}

/// What to do with another macro's call that awaits.
enum Foreign {
    /// Nothing to do, or its input was lowered in place.
    Done,
    /// Its awaits cannot be seen, and no cleanup is pending there: mark the
    /// call as a section where close and drop may simply drop the body.
    Section,
}

impl Suspend<'_, '_> {
    // Desugar
    // from:  yield_!(<e>)
    // into:  match { <put <e>>; Co::suspend().await } { Some(()) => (), None => return <leave> }
    //   or, without cleanup in the body:
    //        { <put <e>>; Co::suspend().await; }
    fn yield_expr(&mut self, mut value: Expr, span: Span) -> Expr {
        self.visit_expr_mut(&mut value);
        let krate = self.lowering.krate;
        let co = names::co();
        // The user's span, so "future is not `Send`" points at the yield.
        // Naming `T` makes borrow errors speak of its lifetimes.
        let yield_ty = self.lowering.yield_ty;
        if self.lowering.acmgr {
            // An acmgr's yield evaluates to how the scope ended; the exit
            // after it always runs.
            let yielded = quote_spanned! {span=>
                #krate::__private::Co::<#yield_ty>::yield_scope(&#co, #value).await
            };
            return parse_quote!(#yielded);
        }
        let mut stmts = self.put(value, span);
        // `suspend` does not depend on `T`: an item type left to inference
        // (`yield = impl Trait`) would leave its `_` unconstrained there.
        let yield_ty = if is_inferred(yield_ty) {
            parse_quote!(())
        } else {
            yield_ty.clone()
        };
        let suspend = build::await_expr(self.co_call(yield_ty, "suspend", [], span), span);
        if !self.lowering.cleanup {
            // Nothing to unwind: a close or drop just drops the body.
            stmts.push(Stmt::Expr(suspend, Some(syn::Token![;](span))));
            return build::block_expr(stmts, span);
        }
        stmts.push(Stmt::Expr(suspend, None));
        self.suspension(
            build::block_expr(stmts, span),
            build::unit_pat(),
            build::unit(),
        )
    }

    /// `<krate>::__private::<rest>`, the tokens after the crate's spanned
    /// `span`.
    fn private_path(&self, rest: &[&str], span: Span) -> syn::Path {
        build::join(self.krate.clone(), rest, span)
    }

    /// `<krate>::__private::Co::<T>::<method>(<args>)`, spanned `span`.
    fn co_call(
        &self,
        yield_ty: syn::Type,
        method: &str,
        args: impl IntoIterator<Item = Expr>,
        span: Span,
    ) -> Expr {
        let mut path = self.private_path(&["__private", "Co"], span);
        if let Some(co) = path.segments.last_mut() {
            let mut generics = syn::punctuated::Punctuated::new();
            generics.push(syn::GenericArgument::Type(yield_ty));
            co.arguments =
                syn::PathArguments::AngleBracketed(syn::AngleBracketedGenericArguments {
                    colon2_token: Some(syn::Token![::](span)),
                    lt_token: syn::Token![<](span),
                    args: generics,
                    gt_token: syn::Token![>](span),
                });
        }
        build::call_at(build::join(path, &[method], span), args, span)
    }

    // Desugar
    // from:  <e>                               (a yielded value)
    // into:  let __slot = Co::<T>::here().await; let __value: T = <e>; unsafe { Slot::put(__slot, &__co, __value) };
    //        (`&__co` ties the slot's type, lifetimes included, to the generator's)
    //   or, when <e> may suspend (an await, a macro call), or inside another
    //   macro's input (which may rearrange it):
    //        Co::put(&__co, <e>).await;
    //
    // The first form keeps the value out of the body's state (the `Put`
    // future would live there across its own await point); the frame that
    // `here` found is live because nothing suspends before the `put`.
    fn put(&self, value: Expr, span: Span) -> Vec<Stmt> {
        let krate = self.lowering.krate;
        let co = names::co();
        let yield_ty = self.lowering.yield_ty;
        if self.in_foreign || build::may_suspend(&value) {
            return vec![parse_quote_spanned! {span=>
                #krate::__private::Co::<#yield_ty>::put(&#co, #value).await;
            }];
        }
        let slot = names::slot();
        let yielded = names::yielded();
        let here = build::await_expr(self.co_call(yield_ty.clone(), "here", [], span), span);
        let typed = build::typed_pat(build::bind(yielded.clone()), yield_ty.clone(), span);
        // Not the user's span on the `unsafe` block: the block is ours, and
        // a crate that forbids unsafe code must not see it as its own.
        let mixed = Span::mixed_site();
        let borrow = Expr::Reference(syn::ExprReference {
            attrs: Vec::new(),
            and_token: syn::Token![&](mixed),
            mutability: None,
            expr: Box::new(build::local(co)),
        });
        let put = build::call_at(
            self.private_path(&["__private", "Slot", "put"], mixed),
            [build::local(slot.clone()), borrow, build::local(yielded)],
            mixed,
        );
        // SAFETY: nothing between `here` and `put` can suspend the body, and
        // this is the body's own code.
        let unsafe_put = Expr::Unsafe(syn::ExprUnsafe {
            attrs: Vec::new(),
            unsafe_token: syn::Token![unsafe](mixed),
            block: Block {
                brace_token: syn::token::Brace(mixed),
                stmts: vec![Stmt::Expr(put, None)],
            },
        });
        vec![
            build::let_stmt(build::bind(slot), here, span),
            build::let_stmt(typed, value, span),
            Stmt::Expr(unsafe_put, Some(syn::Token![;](mixed))),
        ]
    }

    // Desugar
    // from:  <suspension>                      (a yield or an await)
    // into:  match <suspension> { Some(v) => v, None => return <leave> }
    //   or, with owned inner generators in scope (`own!`):
    //        { let step = <suspension>; match step { Some(v) => v, None => { <close them>; return <leave> } } }
    //
    // Close reaches the owned inner generators first, at the suspension, so
    // their cleanup runs before this body's `finally!` blocks.
    fn suspension(&self, suspension: Expr, bind: syn::Pat, value: Expr) -> Expr {
        if self.owned.is_empty() {
            return build::match_option(suspension, bind, value, self.lowering.leave_return());
        }
        let leave_now = self.leave_now();
        let step = names::step();
        parse_quote! {{
            let #step = #suspension;
            match #step {
                ::core::option::Option::Some(#bind) => #value,
                ::core::option::Option::None => #leave_now
            }
        }}
    }

    /// Leaving from here: close the owned inner generators in scope (inner
    /// cleanup first), then return the leave value. Diverges.
    fn leave_now(&self) -> Expr {
        let leave = self.lowering.leave;
        let closes = self.owned.iter().rev().map(|owned| self.close_inner(owned));
        parse_quote!({
            #(#closes)*
            return #leave
        })
    }

    // Desugar
    // from:  <e>.await
    // into:  match unless_leaving(<e>).await { Some(v) => v, None => return <leave> }
    fn await_expr(&self, base: Expr, await_span: Span) -> Expr {
        let value = names::value();
        let unless_leaving = self.private_path(&["__private", "unless_leaving"], await_span);
        let awaited = build::await_expr(
            build::call_at(unless_leaving, [base], await_span),
            await_span,
        );
        self.suspension(awaited, build::bind(value.clone()), build::local(value))
    }

    // Desugar
    // from:  finally! { <stmts> }
    // into:  #[__asyncgen_finally] { <stmts> }   (a marker for the next pass)
    // from:  finally!(|<pat>| { <stmts> })
    // into:  #[__asyncgen_finally(<pat>)] { <stmts> }
    fn finally_marker(&mut self, mac: &Macro, attrs: Vec<syn::Attribute>) -> Stmt {
        let (outcome, stmts) = match crate::parse::FinallyInput::parse(mac) {
            Ok(input) => (input.outcome, input.stmts),
            Err(error) => {
                self.errors.push(error);
                (None, Vec::new())
            }
        };
        let mut cleanup = Block {
            brace_token: Default::default(),
            stmts,
        };
        let was_in_finally = std::mem::replace(&mut self.in_finally, true);
        self.visit_block_mut(&mut cleanup);
        self.in_finally = was_in_finally;
        let marker = names::finally_marker();
        match outcome {
            Some(outcome) => {
                Stmt::Expr(parse_quote!(#(#attrs)* #[#marker(#outcome)] #cleanup), None)
            }
            None => Stmt::Expr(parse_quote!(#(#attrs)* #[#marker] #cleanup), None),
        }
    }

    /// The value of `yield_!(<e>)`; `yield_!()` yields `()`.
    fn yield_value(&mut self, mac: &Macro) -> Expr {
        if mac.tokens.is_empty() {
            let span = mac.delimiter.span().join();
            return parse_quote_spanned!(span=> ());
        }
        self.parse_yield(mac)
    }

    fn parse_yield(&mut self, mac: &Macro) -> Expr {
        mac.parse_body::<Expr>().unwrap_or_else(|error| {
            self.errors.push(error);
            parse_quote!(())
        })
    }

    /// Lowers the awaits inside another macro's input where it can see them;
    /// decides what a close arriving inside the call does.
    fn foreign(&mut self, mac: &mut Macro) -> Foreign {
        // A generator of its own: its awaits and exits are its own.
        if foreign::is_inline_generator(mac) {
            return Foreign::Done;
        }
        if !self.in_finally && self.select(mac) {
            return Foreign::Done;
        }
        if self.in_finally || !self.lowering.cleanup {
            return Foreign::Done;
        }
        let mut hidden_await = foreign::find_await(&mac.tokens);
        if hidden_await.is_some() {
            if let Some(mut args) = foreign::args(mac) {
                let was_in_foreign = std::mem::replace(&mut self.in_foreign, true);
                for arg in args.iter_mut() {
                    self.visit_expr_mut(arg);
                }
                self.in_foreign = was_in_foreign;
                foreign::set_args(mac, &args);
                hidden_await = None;
            }
        }
        // A known macro's own expansion never awaits; an await in its input
        // that could not be lowered (input the attribute could not split
        // into expressions) still is one.
        if foreign::never_awaits(mac) && hidden_await.is_none() {
            return Foreign::Done;
        }
        if self.protected == 0 {
            if self.lowering.acmgr {
                // An acmgr's code after its yield is its exit: never drop the
                // body there. (Close and drop wait for the call, or apply the
                // drop policy.)
                return Foreign::Done;
            }
            // Whatever the macro awaits, no cleanup is pending here.
            return Foreign::Section;
        }
        let span = match hidden_await {
            Some(span) => span,
            None if foreign::awaits_inside(mac) => mac.path.span(),
            // An unknown macro: assumed not to await (see the crate docs).
            None => return Foreign::Done,
        };
        self.errors.push(syn::Error::new(
            span,
            "this macro call awaits where `#[async_generator]` cannot see it, in a block \
             protected by `finally!`: a close could not interrupt that await, so the cleanup \
             would wait for it; await the call inside an `async` block instead, e.g. \
             `let (a, b) = async { tokio::join!(..) }.await;`, then act on the value",
        ));
        Foreign::Done
    }

    // Desugar
    // from:  select! { [biased;] <arms> }
    // into:  select! { [biased;] _ = leaving() => <leave>, <arms, handlers lowered> }
    //
    // The handlers run in the body after the select has polled its futures:
    // they are lowered like body code (yields, awaits, exits). With cleanup
    // to run, a first arm that is ready when the generator is being left
    // makes the select's own await leave-aware: a close arriving while it
    // waits drops its futures and unwinds from there. Returns whether the
    // call was such a select.
    fn select(&mut self, mac: &mut Macro) -> bool {
        if !foreign::is_select(mac) {
            return false;
        }
        let Some(mut args) = foreign::args(mac) else {
            return false;
        };
        // Inside another macro's input, the safe form of `yield_!`: a macro
        // named `select` may put its arms anywhere.
        let was_in_foreign = std::mem::replace(&mut self.in_foreign, true);
        for handler in args.iter_mut() {
            self.visit_expr_mut(handler);
        }
        self.in_foreign = was_in_foreign;
        if self.lowering.cleanup {
            let krate = self.lowering.krate;
            // Diverges, so the arm fits whatever type the select has.
            args.add_first_arm(
                quote!(_ = #krate::__private::leaving() =>),
                self.leave_now(),
            );
        }
        foreign::set_args(mac, &args);
        true
    }

    // Desugar
    // from:  other!(.. <e>.await ..)              (input not parseable, no cleanup pending)
    // into:  { enter_section().await; let __v = other!(..); leave_section().await; __v }
    fn section(&mut self, call: impl quote::ToTokens) -> Expr {
        self.sections = true;
        let (enter, leave) = self.section_marks();
        let value = names::value();
        parse_quote! {{
            #enter
            let #value = #call;
            #leave
            #value
        }}
    }

    /// The statements that open and close a section.
    fn section_marks(&self) -> (Stmt, Stmt) {
        let krate = self.lowering.krate;
        (
            parse_quote!(#krate::__private::enter_section().await;),
            parse_quote!(#krate::__private::leave_section().await;),
        )
    }

    /// The statement closing an inner generator (or nothing, for a plain
    /// stream) from a cleanup, its close error taken into the body's return.
    fn close_inner(&self, inner: &Ident) -> TokenStream {
        let private = names::private();
        let ret_ty = self.lowering.ret_ty;
        let closed = quote!(#private::Delegated(#inner.as_mut()).close_inner().await);
        let absorbed = if self.lowering.fallible {
            // No `?`: its `From` would leave the error type to inference
            // twice (`async_gen!` names the body's type `Result<(), _>`);
            // `IntoOuterReturn` converts already.
            let error = names::error();
            quote! {
                if let ::core::result::Result::Err(#error) =
                    <_ as #private::IntoOuterReturn<#ret_ty>>::into_outer_return(#closed)
                {
                    return ::core::result::Result::Err(#error);
                }
            }
        } else {
            let error = names::error();
            quote! {
                if let ::core::option::Option::Some(#error) =
                    <_ as #private::BodyOutput<()>>::into_error(#closed)
                {
                    #[allow(unused_imports)]
                    use #private::{ReportDebug as _, ReportOpaque as _};
                    (&#private::InnerCloseError(#error)).report();
                }
            }
        };
        quote! {
            #[allow(unused_imports)]
            use #private::{ViaGenerator as _, ViaStream as _};
            #absorbed
        }
    }

    // Desugar
    // from:  yield_from!(<inner>)
    // into:  { let mut __inner = pin!(<inner>);
    //          finally! { <close __inner> }
    //          while let Some(item) = InnerNext::new(__inner.as_mut()).await { yield_!(item); } }
    fn yield_from(&mut self, mac: &Macro, fallible_items: bool) -> Expr {
        let inner_expr = self.parse_yield(mac);
        if fallible_items && !self.lowering.fallible {
            self.errors.push(syn::Error::new(
                mac.path.span(),
                "`try_yield_from!` ends the body with the inner generator's error, and this \
                 body returns `()`: make it return `Result<(), E>`, or use `yield_from!` to \
                 pass the inner items on as they are",
            ));
        }
        let private = names::private();
        let inner = names::inner();
        let item = names::item();
        // The yielded item, located at the user's delegated expression: an
        // item of the wrong type is reported there.
        let item_here = names::item_at(inner_expr.span());
        let close = self.close_inner(&inner);
        // `try_yield_from!`: an `Err` item ends the body with that error
        // (after closing the inner generator), as `?` does.
        let yielded = if fallible_items {
            quote!(#item_here?)
        } else {
            quote!(#item_here)
        };
        let mut block: Block = parse_quote! {{
            let mut #inner = ::core::pin::pin!(#inner_expr);
            finally! { #close }
            while let ::core::option::Option::Some(#item) =
                #private::InnerNext::new(#inner.as_mut()).await
            {
                yield_!(#yielded);
            }
        }};
        self.visit_block_mut(&mut block);
        Expr::Block(syn::ExprBlock {
            attrs: Vec::new(),
            label: None,
            block,
        })
    }

    // Desugar
    // from:  let <name> = own!(<inner>);
    // into:  let mut __owned = pin!(<inner>);
    //        finally! { <close __owned> }
    //        let mut <name> = __owned.as_mut();
    //
    // The hygienic pin keeps the close pointing at the inner generator even
    // if the user's name is shadowed later.
    fn own(&mut self, name: &Ident, mac: &Macro) -> Vec<Stmt> {
        let mut inner_expr = self.parse_yield(mac);
        self.visit_expr_mut(&mut inner_expr);
        let owned = names::owned(self.owns);
        self.owns += 1;
        let close = self.close_inner(&owned);
        let pinned: Stmt = parse_quote!(let mut #owned = ::core::pin::pin!(#inner_expr););
        let cleanup: Stmt = parse_quote!(finally! { #close });
        let bound: Stmt = parse_quote! {
            #[allow(unused_mut)]
            let mut #name = #owned.as_mut();
        };
        let mut stmts = vec![pinned];
        stmts.extend(self.stmt(cleanup));
        stmts.push(bound);
        self.owned.push(owned);
        stmts
    }

    /// Lowers one statement of a block; returns the statements replacing it.
    fn stmt(&mut self, mut stmt: Stmt) -> Vec<Stmt> {
        // Read before lowering the statement's parts resets it.
        let at_tail = self.at_tail;
        if let Some((name, mac)) = own_binding(&stmt) {
            let (name, mac) = (name.clone(), mac.clone());
            return self.own(&name, &mac);
        }
        let (mac, semi, attrs) = match &mut stmt {
            Stmt::Macro(inner) => (&mut inner.mac, inner.semi_token, &inner.attrs),
            Stmt::Expr(Expr::Macro(inner), semi) => (&mut inner.mac, *semi, &inner.attrs),
            _ => {
                self.visit_stmt_mut(&mut stmt);
                return vec![stmt];
            }
        };
        // The statement's attributes (`#[cfg(..)]`) stay on what replaces it.
        let attrs = attrs.clone();
        // A braced call (`yield_! { v }`) is a statement without `;`; what
        // replaces it is an expression (`...yield_scope(..).await` in an
        // acmgr), which needs one unless it is the block's value.
        let semi = match semi {
            None if !at_tail => Some(Default::default()),
            semi => semi,
        };
        match classify(mac) {
            Some(CrateMacro::Finally) => {
                let mac = mac.clone();
                vec![self.finally_marker(&mac, attrs)]
            }
            Some(CrateMacro::Yield) => {
                let mac = mac.clone();
                let value = self.yield_value(&mac);
                let expr = self.yield_expr(value, mac.span());
                vec![Stmt::Expr(with_attrs(expr, attrs), semi)]
            }
            Some(ours @ (CrateMacro::YieldFrom | CrateMacro::TryYieldFrom)) => {
                let mac = mac.clone();
                let expr = self.yield_from(&mac, ours == CrateMacro::TryYieldFrom);
                vec![Stmt::Expr(with_attrs(expr, attrs), semi)]
            }
            // Misplaced: validation reported it.
            Some(CrateMacro::Own) => vec![stmt],
            None => match self.foreign(mac) {
                Foreign::Done => vec![stmt],
                Foreign::Section => self.section_stmt(stmt, semi.is_none()),
            },
        }
    }

    // Desugar
    // from:  other!(.. <e>.await ..);          (input not parseable, no cleanup pending)
    // into:  enter_section().await; other!(..); leave_section().await;
    //
    // A statement macro may declare `let`s: it stays in this block, between
    // a section guard and its drop.
    fn section_stmt(&mut self, stmt: Stmt, no_semi: bool) -> Vec<Stmt> {
        self.sections = true;
        let (open, close) = self.section_marks();
        // The block's tail (its value) ends the block anyway; elsewhere the
        // section ends right after the call, so it never covers a later
        // `finally!`. (A `break` out of the call skips the close: the
        // section then ends at the body's next own suspension.)
        if no_semi && self.at_tail {
            return vec![open, stmt];
        }
        vec![open, stmt, close]
    }
}

impl VisitMut for Suspend<'_, '_> {
    fn visit_block_mut(&mut self, block: &mut Block) {
        let protected = self.protected;
        let owned = self.owned.len();
        let stmts = std::mem::take(&mut block.stmts);
        let count = stmts.len();
        for (index, stmt) in stmts.into_iter().enumerate() {
            self.at_tail = index + 1 == count;
            let lowered = self.stmt(stmt);
            // The rest of the block is protected after a `finally!` (or an
            // `own!`, which adds one).
            if lowered.iter().any(super::is_marker) {
                self.protected += 1;
            }
            block.stmts.extend(lowered);
        }
        self.protected = protected;
        self.owned.truncate(owned);
    }

    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        match expr {
            // Separate functions and futures: not part of the generator.
            Expr::Closure(_) | Expr::Async(_) | Expr::Const(_) => {}
            Expr::Macro(inner) if classify(&inner.mac) == Some(CrateMacro::Yield) => {
                let mac = inner.mac.clone();
                let value = self.yield_value(&mac);
                *expr = self.yield_expr(value, mac.span());
            }
            Expr::Macro(inner)
                if matches!(
                    classify(&inner.mac),
                    Some(CrateMacro::YieldFrom | CrateMacro::TryYieldFrom)
                ) =>
            {
                let mac = inner.mac.clone();
                let fallible_items = classify(&mac) == Some(CrateMacro::TryYieldFrom);
                *expr = self.yield_from(&mac, fallible_items);
            }
            // Misplaced: validation reported it.
            Expr::Macro(inner) if classify(&inner.mac).is_some() => {}
            Expr::Macro(inner) => {
                if let Foreign::Section = self.foreign(&mut inner.mac) {
                    *expr = self.section(&*inner);
                }
            }
            Expr::Yield(inner) => {
                let span = inner.yield_token.span;
                let value = inner
                    .expr
                    .take()
                    .map_or_else(|| parse_quote!(()), |value| *value);
                *expr = self.yield_expr(value, span);
            }
            // Without cleanup, awaits need not notice the leave signal.
            Expr::Await(inner) if !self.in_finally && self.lowering.cleanup => {
                self.visit_expr_mut(&mut inner.base);
                let base = std::mem::replace(&mut *inner.base, build::unit());
                *expr = self.await_expr(base, inner.await_token.span);
            }
            _ => visit_mut::visit_expr_mut(self, expr),
        }
    }

    fn visit_item_mut(&mut self, _item: &mut Item) {}
}

/// The name and the call of `let <name> = own!(..);`.
fn own_binding(stmt: &Stmt) -> Option<(&Ident, &Macro)> {
    let Stmt::Local(local) = stmt else {
        return None;
    };
    let (syn::Pat::Ident(binding), Some(init)) = (&local.pat, &local.init) else {
        return None;
    };
    match &*init.expr {
        Expr::Macro(inner) if classify(&inner.mac) == Some(CrateMacro::Own) => {
            Some((&binding.ident, &inner.mac))
        }
        _ => None,
    }
}

/// `expr` with a statement's attributes: as written on a block around it,
/// where attributes on an expression statement are stable.
fn with_attrs(expr: Expr, attrs: Vec<syn::Attribute>) -> Expr {
    if attrs.is_empty() {
        return expr;
    }
    Expr::Block(syn::ExprBlock {
        attrs,
        label: None,
        block: Block {
            brace_token: Default::default(),
            stmts: vec![Stmt::Expr(expr, None)],
        },
    })
}

/// Whether `ty` has a `_` in it.
fn is_inferred(ty: &syn::Type) -> bool {
    struct Finder(bool);
    impl<'ast> syn::visit::Visit<'ast> for Finder {
        fn visit_type_infer(&mut self, _: &'ast syn::TypeInfer) {
            self.0 = true;
        }
    }
    let mut finder = Finder(false);
    syn::visit::Visit::visit_type(&mut finder, ty);
    finder.0
}
