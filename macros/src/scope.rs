//! Which `break` and `continue` leave a region of code.
//!
//! A region is the rest of a block protected by `finally!`, or the body of a
//! `finally!` block. Inside it, loops and labeled blocks are entered and left
//! as the visitor walks; a jump escapes the region when it targets a loop or
//! label the region did not itself enter.

use syn::{Label, Lifetime};

#[derive(Default)]
pub(crate) struct JumpScope {
    labels: Vec<String>,
    loops: usize,
}

impl JumpScope {
    pub(crate) fn enter(&mut self, label: Option<&Label>, is_loop: bool) {
        if let Some(label) = label {
            self.labels.push(label.name.ident.to_string());
        }
        if is_loop {
            self.loops += 1;
        }
    }

    pub(crate) fn exit(&mut self, label: Option<&Label>, is_loop: bool) {
        if label.is_some() {
            self.labels.pop();
        }
        if is_loop {
            self.loops -= 1;
        }
    }

    /// Whether a jump to `label` (or to the innermost loop) leaves the region.
    pub(crate) fn escapes(&self, label: Option<&Lifetime>) -> bool {
        match label {
            Some(label) => !self.labels.iter().any(|name| label.ident == name),
            None => self.loops == 0,
        }
    }
}
