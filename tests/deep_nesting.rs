//! Deeply nested lowerings (issue 8). Each `finally!` protects the rest of
//! its block, so N `finally!` blocks in one block nest N regions: 200 of
//! them overflowed the macro's stack (128 compiled). A block with 1,000
//! `finally!` blocks and a body of 2,000 statements with 500 yields must
//! compile, and unwind innermost first through every level on each exit:
//! the end of the body, `break`, `return`, `?`, `close()` and drop.
//!
//! The two bodies are written out in full (generated), since `finally!` and
//! `yield_!` must be visible to the attribute; the expectations follow the
//! rules that generated them (`FINALLY_BLOCKS`, `YIELD_EVERY`,
//! `AWAIT_EVERY`, `kind`), so change both together.

mod common;

use std::future::ready;
use std::pin::pin;

use asyncgen::{AsyncGenerator, async_generator};
use common::{Log, WakeSelfOnce, drain};
use futures::StreamExt;

/// The `finally!` blocks of [`thousand_finally`]'s loop body.
const FINALLY_BLOCKS: u32 = 1000;
/// [`thousand_finally`] yields after every `YIELD_EVERY`th `finally!`.
const YIELD_EVERY: u32 = 100;
/// Every `AWAIT_EVERY`th cleanup of [`thousand_finally`] awaits (a future
/// that is pending once among them), so its region checks for a close after
/// the cleanup.
const AWAIT_EVERY: u32 = 250;

#[derive(Clone, Copy)]
enum Exit {
    Break,
    Return,
}

/// Compares event logs thousands of events long, showing where they part.
#[track_caller]
fn assert_events(actual: Vec<String>, expected: Vec<String>) {
    if let Some(at) =
        (0..actual.len().max(expected.len())).find(|&at| actual.get(at) != expected.get(at))
    {
        panic!(
            "the events differ at {at} (of {} actual, {} expected):\n  actual:   {:?}\n  expected: {:?}",
            actual.len(),
            expected.len(),
            window(&actual, at),
            window(&expected, at),
        );
    }
}

/// A few events around `at`.
fn window(events: &[String], at: usize) -> &[String] {
    let from = at.saturating_sub(3).min(events.len());
    &events[from..(from + 8).min(events.len())]
}

/// 1,000 `finally!` blocks in one block (a loop body), after as many
/// statements, with a yield after every 100th; the loop is left by `break`,
/// or the generator by `return`.
#[async_generator(yield = u32)]
async fn thousand_finally(log: Log, exit: Exit) {
    log.push("start");
    loop {
        log.push("s0");
        finally! {
            log.push("f0");
            ready(()).await;
            WakeSelfOnce::default().await;
            log.push("f0 resumed");
        }
        log.push("s1");
        finally! { log.push("f1"); }
        log.push("s2");
        finally! { log.push("f2"); }
        log.push("s3");
        finally! { log.push("f3"); }
        log.push("s4");
        finally! { log.push("f4"); }
        log.push("s5");
        finally! { log.push("f5"); }
        log.push("s6");
        finally! { log.push("f6"); }
        log.push("s7");
        finally! { log.push("f7"); }
        log.push("s8");
        finally! { log.push("f8"); }
        log.push("s9");
        finally! { log.push("f9"); }
        log.push("s10");
        finally! { log.push("f10"); }
        log.push("s11");
        finally! { log.push("f11"); }
        log.push("s12");
        finally! { log.push("f12"); }
        log.push("s13");
        finally! { log.push("f13"); }
        log.push("s14");
        finally! { log.push("f14"); }
        log.push("s15");
        finally! { log.push("f15"); }
        log.push("s16");
        finally! { log.push("f16"); }
        log.push("s17");
        finally! { log.push("f17"); }
        log.push("s18");
        finally! { log.push("f18"); }
        log.push("s19");
        finally! { log.push("f19"); }
        log.push("s20");
        finally! { log.push("f20"); }
        log.push("s21");
        finally! { log.push("f21"); }
        log.push("s22");
        finally! { log.push("f22"); }
        log.push("s23");
        finally! { log.push("f23"); }
        log.push("s24");
        finally! { log.push("f24"); }
        log.push("s25");
        finally! { log.push("f25"); }
        log.push("s26");
        finally! { log.push("f26"); }
        log.push("s27");
        finally! { log.push("f27"); }
        log.push("s28");
        finally! { log.push("f28"); }
        log.push("s29");
        finally! { log.push("f29"); }
        log.push("s30");
        finally! { log.push("f30"); }
        log.push("s31");
        finally! { log.push("f31"); }
        log.push("s32");
        finally! { log.push("f32"); }
        log.push("s33");
        finally! { log.push("f33"); }
        log.push("s34");
        finally! { log.push("f34"); }
        log.push("s35");
        finally! { log.push("f35"); }
        log.push("s36");
        finally! { log.push("f36"); }
        log.push("s37");
        finally! { log.push("f37"); }
        log.push("s38");
        finally! { log.push("f38"); }
        log.push("s39");
        finally! { log.push("f39"); }
        log.push("s40");
        finally! { log.push("f40"); }
        log.push("s41");
        finally! { log.push("f41"); }
        log.push("s42");
        finally! { log.push("f42"); }
        log.push("s43");
        finally! { log.push("f43"); }
        log.push("s44");
        finally! { log.push("f44"); }
        log.push("s45");
        finally! { log.push("f45"); }
        log.push("s46");
        finally! { log.push("f46"); }
        log.push("s47");
        finally! { log.push("f47"); }
        log.push("s48");
        finally! { log.push("f48"); }
        log.push("s49");
        finally! { log.push("f49"); }
        log.push("s50");
        finally! { log.push("f50"); }
        log.push("s51");
        finally! { log.push("f51"); }
        log.push("s52");
        finally! { log.push("f52"); }
        log.push("s53");
        finally! { log.push("f53"); }
        log.push("s54");
        finally! { log.push("f54"); }
        log.push("s55");
        finally! { log.push("f55"); }
        log.push("s56");
        finally! { log.push("f56"); }
        log.push("s57");
        finally! { log.push("f57"); }
        log.push("s58");
        finally! { log.push("f58"); }
        log.push("s59");
        finally! { log.push("f59"); }
        log.push("s60");
        finally! { log.push("f60"); }
        log.push("s61");
        finally! { log.push("f61"); }
        log.push("s62");
        finally! { log.push("f62"); }
        log.push("s63");
        finally! { log.push("f63"); }
        log.push("s64");
        finally! { log.push("f64"); }
        log.push("s65");
        finally! { log.push("f65"); }
        log.push("s66");
        finally! { log.push("f66"); }
        log.push("s67");
        finally! { log.push("f67"); }
        log.push("s68");
        finally! { log.push("f68"); }
        log.push("s69");
        finally! { log.push("f69"); }
        log.push("s70");
        finally! { log.push("f70"); }
        log.push("s71");
        finally! { log.push("f71"); }
        log.push("s72");
        finally! { log.push("f72"); }
        log.push("s73");
        finally! { log.push("f73"); }
        log.push("s74");
        finally! { log.push("f74"); }
        log.push("s75");
        finally! { log.push("f75"); }
        log.push("s76");
        finally! { log.push("f76"); }
        log.push("s77");
        finally! { log.push("f77"); }
        log.push("s78");
        finally! { log.push("f78"); }
        log.push("s79");
        finally! { log.push("f79"); }
        log.push("s80");
        finally! { log.push("f80"); }
        log.push("s81");
        finally! { log.push("f81"); }
        log.push("s82");
        finally! { log.push("f82"); }
        log.push("s83");
        finally! { log.push("f83"); }
        log.push("s84");
        finally! { log.push("f84"); }
        log.push("s85");
        finally! { log.push("f85"); }
        log.push("s86");
        finally! { log.push("f86"); }
        log.push("s87");
        finally! { log.push("f87"); }
        log.push("s88");
        finally! { log.push("f88"); }
        log.push("s89");
        finally! { log.push("f89"); }
        log.push("s90");
        finally! { log.push("f90"); }
        log.push("s91");
        finally! { log.push("f91"); }
        log.push("s92");
        finally! { log.push("f92"); }
        log.push("s93");
        finally! { log.push("f93"); }
        log.push("s94");
        finally! { log.push("f94"); }
        log.push("s95");
        finally! { log.push("f95"); }
        log.push("s96");
        finally! { log.push("f96"); }
        log.push("s97");
        finally! { log.push("f97"); }
        log.push("s98");
        finally! { log.push("f98"); }
        log.push("s99");
        finally! { log.push("f99"); }
        yield_!(99);
        log.push("s100");
        finally! { log.push("f100"); }
        log.push("s101");
        finally! { log.push("f101"); }
        log.push("s102");
        finally! { log.push("f102"); }
        log.push("s103");
        finally! { log.push("f103"); }
        log.push("s104");
        finally! { log.push("f104"); }
        log.push("s105");
        finally! { log.push("f105"); }
        log.push("s106");
        finally! { log.push("f106"); }
        log.push("s107");
        finally! { log.push("f107"); }
        log.push("s108");
        finally! { log.push("f108"); }
        log.push("s109");
        finally! { log.push("f109"); }
        log.push("s110");
        finally! { log.push("f110"); }
        log.push("s111");
        finally! { log.push("f111"); }
        log.push("s112");
        finally! { log.push("f112"); }
        log.push("s113");
        finally! { log.push("f113"); }
        log.push("s114");
        finally! { log.push("f114"); }
        log.push("s115");
        finally! { log.push("f115"); }
        log.push("s116");
        finally! { log.push("f116"); }
        log.push("s117");
        finally! { log.push("f117"); }
        log.push("s118");
        finally! { log.push("f118"); }
        log.push("s119");
        finally! { log.push("f119"); }
        log.push("s120");
        finally! { log.push("f120"); }
        log.push("s121");
        finally! { log.push("f121"); }
        log.push("s122");
        finally! { log.push("f122"); }
        log.push("s123");
        finally! { log.push("f123"); }
        log.push("s124");
        finally! { log.push("f124"); }
        log.push("s125");
        finally! { log.push("f125"); }
        log.push("s126");
        finally! { log.push("f126"); }
        log.push("s127");
        finally! { log.push("f127"); }
        log.push("s128");
        finally! { log.push("f128"); }
        log.push("s129");
        finally! { log.push("f129"); }
        log.push("s130");
        finally! { log.push("f130"); }
        log.push("s131");
        finally! { log.push("f131"); }
        log.push("s132");
        finally! { log.push("f132"); }
        log.push("s133");
        finally! { log.push("f133"); }
        log.push("s134");
        finally! { log.push("f134"); }
        log.push("s135");
        finally! { log.push("f135"); }
        log.push("s136");
        finally! { log.push("f136"); }
        log.push("s137");
        finally! { log.push("f137"); }
        log.push("s138");
        finally! { log.push("f138"); }
        log.push("s139");
        finally! { log.push("f139"); }
        log.push("s140");
        finally! { log.push("f140"); }
        log.push("s141");
        finally! { log.push("f141"); }
        log.push("s142");
        finally! { log.push("f142"); }
        log.push("s143");
        finally! { log.push("f143"); }
        log.push("s144");
        finally! { log.push("f144"); }
        log.push("s145");
        finally! { log.push("f145"); }
        log.push("s146");
        finally! { log.push("f146"); }
        log.push("s147");
        finally! { log.push("f147"); }
        log.push("s148");
        finally! { log.push("f148"); }
        log.push("s149");
        finally! { log.push("f149"); }
        log.push("s150");
        finally! { log.push("f150"); }
        log.push("s151");
        finally! { log.push("f151"); }
        log.push("s152");
        finally! { log.push("f152"); }
        log.push("s153");
        finally! { log.push("f153"); }
        log.push("s154");
        finally! { log.push("f154"); }
        log.push("s155");
        finally! { log.push("f155"); }
        log.push("s156");
        finally! { log.push("f156"); }
        log.push("s157");
        finally! { log.push("f157"); }
        log.push("s158");
        finally! { log.push("f158"); }
        log.push("s159");
        finally! { log.push("f159"); }
        log.push("s160");
        finally! { log.push("f160"); }
        log.push("s161");
        finally! { log.push("f161"); }
        log.push("s162");
        finally! { log.push("f162"); }
        log.push("s163");
        finally! { log.push("f163"); }
        log.push("s164");
        finally! { log.push("f164"); }
        log.push("s165");
        finally! { log.push("f165"); }
        log.push("s166");
        finally! { log.push("f166"); }
        log.push("s167");
        finally! { log.push("f167"); }
        log.push("s168");
        finally! { log.push("f168"); }
        log.push("s169");
        finally! { log.push("f169"); }
        log.push("s170");
        finally! { log.push("f170"); }
        log.push("s171");
        finally! { log.push("f171"); }
        log.push("s172");
        finally! { log.push("f172"); }
        log.push("s173");
        finally! { log.push("f173"); }
        log.push("s174");
        finally! { log.push("f174"); }
        log.push("s175");
        finally! { log.push("f175"); }
        log.push("s176");
        finally! { log.push("f176"); }
        log.push("s177");
        finally! { log.push("f177"); }
        log.push("s178");
        finally! { log.push("f178"); }
        log.push("s179");
        finally! { log.push("f179"); }
        log.push("s180");
        finally! { log.push("f180"); }
        log.push("s181");
        finally! { log.push("f181"); }
        log.push("s182");
        finally! { log.push("f182"); }
        log.push("s183");
        finally! { log.push("f183"); }
        log.push("s184");
        finally! { log.push("f184"); }
        log.push("s185");
        finally! { log.push("f185"); }
        log.push("s186");
        finally! { log.push("f186"); }
        log.push("s187");
        finally! { log.push("f187"); }
        log.push("s188");
        finally! { log.push("f188"); }
        log.push("s189");
        finally! { log.push("f189"); }
        log.push("s190");
        finally! { log.push("f190"); }
        log.push("s191");
        finally! { log.push("f191"); }
        log.push("s192");
        finally! { log.push("f192"); }
        log.push("s193");
        finally! { log.push("f193"); }
        log.push("s194");
        finally! { log.push("f194"); }
        log.push("s195");
        finally! { log.push("f195"); }
        log.push("s196");
        finally! { log.push("f196"); }
        log.push("s197");
        finally! { log.push("f197"); }
        log.push("s198");
        finally! { log.push("f198"); }
        log.push("s199");
        finally! { log.push("f199"); }
        yield_!(199);
        log.push("s200");
        finally! { log.push("f200"); }
        log.push("s201");
        finally! { log.push("f201"); }
        log.push("s202");
        finally! { log.push("f202"); }
        log.push("s203");
        finally! { log.push("f203"); }
        log.push("s204");
        finally! { log.push("f204"); }
        log.push("s205");
        finally! { log.push("f205"); }
        log.push("s206");
        finally! { log.push("f206"); }
        log.push("s207");
        finally! { log.push("f207"); }
        log.push("s208");
        finally! { log.push("f208"); }
        log.push("s209");
        finally! { log.push("f209"); }
        log.push("s210");
        finally! { log.push("f210"); }
        log.push("s211");
        finally! { log.push("f211"); }
        log.push("s212");
        finally! { log.push("f212"); }
        log.push("s213");
        finally! { log.push("f213"); }
        log.push("s214");
        finally! { log.push("f214"); }
        log.push("s215");
        finally! { log.push("f215"); }
        log.push("s216");
        finally! { log.push("f216"); }
        log.push("s217");
        finally! { log.push("f217"); }
        log.push("s218");
        finally! { log.push("f218"); }
        log.push("s219");
        finally! { log.push("f219"); }
        log.push("s220");
        finally! { log.push("f220"); }
        log.push("s221");
        finally! { log.push("f221"); }
        log.push("s222");
        finally! { log.push("f222"); }
        log.push("s223");
        finally! { log.push("f223"); }
        log.push("s224");
        finally! { log.push("f224"); }
        log.push("s225");
        finally! { log.push("f225"); }
        log.push("s226");
        finally! { log.push("f226"); }
        log.push("s227");
        finally! { log.push("f227"); }
        log.push("s228");
        finally! { log.push("f228"); }
        log.push("s229");
        finally! { log.push("f229"); }
        log.push("s230");
        finally! { log.push("f230"); }
        log.push("s231");
        finally! { log.push("f231"); }
        log.push("s232");
        finally! { log.push("f232"); }
        log.push("s233");
        finally! { log.push("f233"); }
        log.push("s234");
        finally! { log.push("f234"); }
        log.push("s235");
        finally! { log.push("f235"); }
        log.push("s236");
        finally! { log.push("f236"); }
        log.push("s237");
        finally! { log.push("f237"); }
        log.push("s238");
        finally! { log.push("f238"); }
        log.push("s239");
        finally! { log.push("f239"); }
        log.push("s240");
        finally! { log.push("f240"); }
        log.push("s241");
        finally! { log.push("f241"); }
        log.push("s242");
        finally! { log.push("f242"); }
        log.push("s243");
        finally! { log.push("f243"); }
        log.push("s244");
        finally! { log.push("f244"); }
        log.push("s245");
        finally! { log.push("f245"); }
        log.push("s246");
        finally! { log.push("f246"); }
        log.push("s247");
        finally! { log.push("f247"); }
        log.push("s248");
        finally! { log.push("f248"); }
        log.push("s249");
        finally! { log.push("f249"); }
        log.push("s250");
        finally! {
            log.push("f250");
            ready(()).await;
            WakeSelfOnce::default().await;
            log.push("f250 resumed");
        }
        log.push("s251");
        finally! { log.push("f251"); }
        log.push("s252");
        finally! { log.push("f252"); }
        log.push("s253");
        finally! { log.push("f253"); }
        log.push("s254");
        finally! { log.push("f254"); }
        log.push("s255");
        finally! { log.push("f255"); }
        log.push("s256");
        finally! { log.push("f256"); }
        log.push("s257");
        finally! { log.push("f257"); }
        log.push("s258");
        finally! { log.push("f258"); }
        log.push("s259");
        finally! { log.push("f259"); }
        log.push("s260");
        finally! { log.push("f260"); }
        log.push("s261");
        finally! { log.push("f261"); }
        log.push("s262");
        finally! { log.push("f262"); }
        log.push("s263");
        finally! { log.push("f263"); }
        log.push("s264");
        finally! { log.push("f264"); }
        log.push("s265");
        finally! { log.push("f265"); }
        log.push("s266");
        finally! { log.push("f266"); }
        log.push("s267");
        finally! { log.push("f267"); }
        log.push("s268");
        finally! { log.push("f268"); }
        log.push("s269");
        finally! { log.push("f269"); }
        log.push("s270");
        finally! { log.push("f270"); }
        log.push("s271");
        finally! { log.push("f271"); }
        log.push("s272");
        finally! { log.push("f272"); }
        log.push("s273");
        finally! { log.push("f273"); }
        log.push("s274");
        finally! { log.push("f274"); }
        log.push("s275");
        finally! { log.push("f275"); }
        log.push("s276");
        finally! { log.push("f276"); }
        log.push("s277");
        finally! { log.push("f277"); }
        log.push("s278");
        finally! { log.push("f278"); }
        log.push("s279");
        finally! { log.push("f279"); }
        log.push("s280");
        finally! { log.push("f280"); }
        log.push("s281");
        finally! { log.push("f281"); }
        log.push("s282");
        finally! { log.push("f282"); }
        log.push("s283");
        finally! { log.push("f283"); }
        log.push("s284");
        finally! { log.push("f284"); }
        log.push("s285");
        finally! { log.push("f285"); }
        log.push("s286");
        finally! { log.push("f286"); }
        log.push("s287");
        finally! { log.push("f287"); }
        log.push("s288");
        finally! { log.push("f288"); }
        log.push("s289");
        finally! { log.push("f289"); }
        log.push("s290");
        finally! { log.push("f290"); }
        log.push("s291");
        finally! { log.push("f291"); }
        log.push("s292");
        finally! { log.push("f292"); }
        log.push("s293");
        finally! { log.push("f293"); }
        log.push("s294");
        finally! { log.push("f294"); }
        log.push("s295");
        finally! { log.push("f295"); }
        log.push("s296");
        finally! { log.push("f296"); }
        log.push("s297");
        finally! { log.push("f297"); }
        log.push("s298");
        finally! { log.push("f298"); }
        log.push("s299");
        finally! { log.push("f299"); }
        yield_!(299);
        log.push("s300");
        finally! { log.push("f300"); }
        log.push("s301");
        finally! { log.push("f301"); }
        log.push("s302");
        finally! { log.push("f302"); }
        log.push("s303");
        finally! { log.push("f303"); }
        log.push("s304");
        finally! { log.push("f304"); }
        log.push("s305");
        finally! { log.push("f305"); }
        log.push("s306");
        finally! { log.push("f306"); }
        log.push("s307");
        finally! { log.push("f307"); }
        log.push("s308");
        finally! { log.push("f308"); }
        log.push("s309");
        finally! { log.push("f309"); }
        log.push("s310");
        finally! { log.push("f310"); }
        log.push("s311");
        finally! { log.push("f311"); }
        log.push("s312");
        finally! { log.push("f312"); }
        log.push("s313");
        finally! { log.push("f313"); }
        log.push("s314");
        finally! { log.push("f314"); }
        log.push("s315");
        finally! { log.push("f315"); }
        log.push("s316");
        finally! { log.push("f316"); }
        log.push("s317");
        finally! { log.push("f317"); }
        log.push("s318");
        finally! { log.push("f318"); }
        log.push("s319");
        finally! { log.push("f319"); }
        log.push("s320");
        finally! { log.push("f320"); }
        log.push("s321");
        finally! { log.push("f321"); }
        log.push("s322");
        finally! { log.push("f322"); }
        log.push("s323");
        finally! { log.push("f323"); }
        log.push("s324");
        finally! { log.push("f324"); }
        log.push("s325");
        finally! { log.push("f325"); }
        log.push("s326");
        finally! { log.push("f326"); }
        log.push("s327");
        finally! { log.push("f327"); }
        log.push("s328");
        finally! { log.push("f328"); }
        log.push("s329");
        finally! { log.push("f329"); }
        log.push("s330");
        finally! { log.push("f330"); }
        log.push("s331");
        finally! { log.push("f331"); }
        log.push("s332");
        finally! { log.push("f332"); }
        log.push("s333");
        finally! { log.push("f333"); }
        log.push("s334");
        finally! { log.push("f334"); }
        log.push("s335");
        finally! { log.push("f335"); }
        log.push("s336");
        finally! { log.push("f336"); }
        log.push("s337");
        finally! { log.push("f337"); }
        log.push("s338");
        finally! { log.push("f338"); }
        log.push("s339");
        finally! { log.push("f339"); }
        log.push("s340");
        finally! { log.push("f340"); }
        log.push("s341");
        finally! { log.push("f341"); }
        log.push("s342");
        finally! { log.push("f342"); }
        log.push("s343");
        finally! { log.push("f343"); }
        log.push("s344");
        finally! { log.push("f344"); }
        log.push("s345");
        finally! { log.push("f345"); }
        log.push("s346");
        finally! { log.push("f346"); }
        log.push("s347");
        finally! { log.push("f347"); }
        log.push("s348");
        finally! { log.push("f348"); }
        log.push("s349");
        finally! { log.push("f349"); }
        log.push("s350");
        finally! { log.push("f350"); }
        log.push("s351");
        finally! { log.push("f351"); }
        log.push("s352");
        finally! { log.push("f352"); }
        log.push("s353");
        finally! { log.push("f353"); }
        log.push("s354");
        finally! { log.push("f354"); }
        log.push("s355");
        finally! { log.push("f355"); }
        log.push("s356");
        finally! { log.push("f356"); }
        log.push("s357");
        finally! { log.push("f357"); }
        log.push("s358");
        finally! { log.push("f358"); }
        log.push("s359");
        finally! { log.push("f359"); }
        log.push("s360");
        finally! { log.push("f360"); }
        log.push("s361");
        finally! { log.push("f361"); }
        log.push("s362");
        finally! { log.push("f362"); }
        log.push("s363");
        finally! { log.push("f363"); }
        log.push("s364");
        finally! { log.push("f364"); }
        log.push("s365");
        finally! { log.push("f365"); }
        log.push("s366");
        finally! { log.push("f366"); }
        log.push("s367");
        finally! { log.push("f367"); }
        log.push("s368");
        finally! { log.push("f368"); }
        log.push("s369");
        finally! { log.push("f369"); }
        log.push("s370");
        finally! { log.push("f370"); }
        log.push("s371");
        finally! { log.push("f371"); }
        log.push("s372");
        finally! { log.push("f372"); }
        log.push("s373");
        finally! { log.push("f373"); }
        log.push("s374");
        finally! { log.push("f374"); }
        log.push("s375");
        finally! { log.push("f375"); }
        log.push("s376");
        finally! { log.push("f376"); }
        log.push("s377");
        finally! { log.push("f377"); }
        log.push("s378");
        finally! { log.push("f378"); }
        log.push("s379");
        finally! { log.push("f379"); }
        log.push("s380");
        finally! { log.push("f380"); }
        log.push("s381");
        finally! { log.push("f381"); }
        log.push("s382");
        finally! { log.push("f382"); }
        log.push("s383");
        finally! { log.push("f383"); }
        log.push("s384");
        finally! { log.push("f384"); }
        log.push("s385");
        finally! { log.push("f385"); }
        log.push("s386");
        finally! { log.push("f386"); }
        log.push("s387");
        finally! { log.push("f387"); }
        log.push("s388");
        finally! { log.push("f388"); }
        log.push("s389");
        finally! { log.push("f389"); }
        log.push("s390");
        finally! { log.push("f390"); }
        log.push("s391");
        finally! { log.push("f391"); }
        log.push("s392");
        finally! { log.push("f392"); }
        log.push("s393");
        finally! { log.push("f393"); }
        log.push("s394");
        finally! { log.push("f394"); }
        log.push("s395");
        finally! { log.push("f395"); }
        log.push("s396");
        finally! { log.push("f396"); }
        log.push("s397");
        finally! { log.push("f397"); }
        log.push("s398");
        finally! { log.push("f398"); }
        log.push("s399");
        finally! { log.push("f399"); }
        yield_!(399);
        log.push("s400");
        finally! { log.push("f400"); }
        log.push("s401");
        finally! { log.push("f401"); }
        log.push("s402");
        finally! { log.push("f402"); }
        log.push("s403");
        finally! { log.push("f403"); }
        log.push("s404");
        finally! { log.push("f404"); }
        log.push("s405");
        finally! { log.push("f405"); }
        log.push("s406");
        finally! { log.push("f406"); }
        log.push("s407");
        finally! { log.push("f407"); }
        log.push("s408");
        finally! { log.push("f408"); }
        log.push("s409");
        finally! { log.push("f409"); }
        log.push("s410");
        finally! { log.push("f410"); }
        log.push("s411");
        finally! { log.push("f411"); }
        log.push("s412");
        finally! { log.push("f412"); }
        log.push("s413");
        finally! { log.push("f413"); }
        log.push("s414");
        finally! { log.push("f414"); }
        log.push("s415");
        finally! { log.push("f415"); }
        log.push("s416");
        finally! { log.push("f416"); }
        log.push("s417");
        finally! { log.push("f417"); }
        log.push("s418");
        finally! { log.push("f418"); }
        log.push("s419");
        finally! { log.push("f419"); }
        log.push("s420");
        finally! { log.push("f420"); }
        log.push("s421");
        finally! { log.push("f421"); }
        log.push("s422");
        finally! { log.push("f422"); }
        log.push("s423");
        finally! { log.push("f423"); }
        log.push("s424");
        finally! { log.push("f424"); }
        log.push("s425");
        finally! { log.push("f425"); }
        log.push("s426");
        finally! { log.push("f426"); }
        log.push("s427");
        finally! { log.push("f427"); }
        log.push("s428");
        finally! { log.push("f428"); }
        log.push("s429");
        finally! { log.push("f429"); }
        log.push("s430");
        finally! { log.push("f430"); }
        log.push("s431");
        finally! { log.push("f431"); }
        log.push("s432");
        finally! { log.push("f432"); }
        log.push("s433");
        finally! { log.push("f433"); }
        log.push("s434");
        finally! { log.push("f434"); }
        log.push("s435");
        finally! { log.push("f435"); }
        log.push("s436");
        finally! { log.push("f436"); }
        log.push("s437");
        finally! { log.push("f437"); }
        log.push("s438");
        finally! { log.push("f438"); }
        log.push("s439");
        finally! { log.push("f439"); }
        log.push("s440");
        finally! { log.push("f440"); }
        log.push("s441");
        finally! { log.push("f441"); }
        log.push("s442");
        finally! { log.push("f442"); }
        log.push("s443");
        finally! { log.push("f443"); }
        log.push("s444");
        finally! { log.push("f444"); }
        log.push("s445");
        finally! { log.push("f445"); }
        log.push("s446");
        finally! { log.push("f446"); }
        log.push("s447");
        finally! { log.push("f447"); }
        log.push("s448");
        finally! { log.push("f448"); }
        log.push("s449");
        finally! { log.push("f449"); }
        log.push("s450");
        finally! { log.push("f450"); }
        log.push("s451");
        finally! { log.push("f451"); }
        log.push("s452");
        finally! { log.push("f452"); }
        log.push("s453");
        finally! { log.push("f453"); }
        log.push("s454");
        finally! { log.push("f454"); }
        log.push("s455");
        finally! { log.push("f455"); }
        log.push("s456");
        finally! { log.push("f456"); }
        log.push("s457");
        finally! { log.push("f457"); }
        log.push("s458");
        finally! { log.push("f458"); }
        log.push("s459");
        finally! { log.push("f459"); }
        log.push("s460");
        finally! { log.push("f460"); }
        log.push("s461");
        finally! { log.push("f461"); }
        log.push("s462");
        finally! { log.push("f462"); }
        log.push("s463");
        finally! { log.push("f463"); }
        log.push("s464");
        finally! { log.push("f464"); }
        log.push("s465");
        finally! { log.push("f465"); }
        log.push("s466");
        finally! { log.push("f466"); }
        log.push("s467");
        finally! { log.push("f467"); }
        log.push("s468");
        finally! { log.push("f468"); }
        log.push("s469");
        finally! { log.push("f469"); }
        log.push("s470");
        finally! { log.push("f470"); }
        log.push("s471");
        finally! { log.push("f471"); }
        log.push("s472");
        finally! { log.push("f472"); }
        log.push("s473");
        finally! { log.push("f473"); }
        log.push("s474");
        finally! { log.push("f474"); }
        log.push("s475");
        finally! { log.push("f475"); }
        log.push("s476");
        finally! { log.push("f476"); }
        log.push("s477");
        finally! { log.push("f477"); }
        log.push("s478");
        finally! { log.push("f478"); }
        log.push("s479");
        finally! { log.push("f479"); }
        log.push("s480");
        finally! { log.push("f480"); }
        log.push("s481");
        finally! { log.push("f481"); }
        log.push("s482");
        finally! { log.push("f482"); }
        log.push("s483");
        finally! { log.push("f483"); }
        log.push("s484");
        finally! { log.push("f484"); }
        log.push("s485");
        finally! { log.push("f485"); }
        log.push("s486");
        finally! { log.push("f486"); }
        log.push("s487");
        finally! { log.push("f487"); }
        log.push("s488");
        finally! { log.push("f488"); }
        log.push("s489");
        finally! { log.push("f489"); }
        log.push("s490");
        finally! { log.push("f490"); }
        log.push("s491");
        finally! { log.push("f491"); }
        log.push("s492");
        finally! { log.push("f492"); }
        log.push("s493");
        finally! { log.push("f493"); }
        log.push("s494");
        finally! { log.push("f494"); }
        log.push("s495");
        finally! { log.push("f495"); }
        log.push("s496");
        finally! { log.push("f496"); }
        log.push("s497");
        finally! { log.push("f497"); }
        log.push("s498");
        finally! { log.push("f498"); }
        log.push("s499");
        finally! { log.push("f499"); }
        yield_!(499);
        log.push("s500");
        finally! {
            log.push("f500");
            ready(()).await;
            WakeSelfOnce::default().await;
            log.push("f500 resumed");
        }
        log.push("s501");
        finally! { log.push("f501"); }
        log.push("s502");
        finally! { log.push("f502"); }
        log.push("s503");
        finally! { log.push("f503"); }
        log.push("s504");
        finally! { log.push("f504"); }
        log.push("s505");
        finally! { log.push("f505"); }
        log.push("s506");
        finally! { log.push("f506"); }
        log.push("s507");
        finally! { log.push("f507"); }
        log.push("s508");
        finally! { log.push("f508"); }
        log.push("s509");
        finally! { log.push("f509"); }
        log.push("s510");
        finally! { log.push("f510"); }
        log.push("s511");
        finally! { log.push("f511"); }
        log.push("s512");
        finally! { log.push("f512"); }
        log.push("s513");
        finally! { log.push("f513"); }
        log.push("s514");
        finally! { log.push("f514"); }
        log.push("s515");
        finally! { log.push("f515"); }
        log.push("s516");
        finally! { log.push("f516"); }
        log.push("s517");
        finally! { log.push("f517"); }
        log.push("s518");
        finally! { log.push("f518"); }
        log.push("s519");
        finally! { log.push("f519"); }
        log.push("s520");
        finally! { log.push("f520"); }
        log.push("s521");
        finally! { log.push("f521"); }
        log.push("s522");
        finally! { log.push("f522"); }
        log.push("s523");
        finally! { log.push("f523"); }
        log.push("s524");
        finally! { log.push("f524"); }
        log.push("s525");
        finally! { log.push("f525"); }
        log.push("s526");
        finally! { log.push("f526"); }
        log.push("s527");
        finally! { log.push("f527"); }
        log.push("s528");
        finally! { log.push("f528"); }
        log.push("s529");
        finally! { log.push("f529"); }
        log.push("s530");
        finally! { log.push("f530"); }
        log.push("s531");
        finally! { log.push("f531"); }
        log.push("s532");
        finally! { log.push("f532"); }
        log.push("s533");
        finally! { log.push("f533"); }
        log.push("s534");
        finally! { log.push("f534"); }
        log.push("s535");
        finally! { log.push("f535"); }
        log.push("s536");
        finally! { log.push("f536"); }
        log.push("s537");
        finally! { log.push("f537"); }
        log.push("s538");
        finally! { log.push("f538"); }
        log.push("s539");
        finally! { log.push("f539"); }
        log.push("s540");
        finally! { log.push("f540"); }
        log.push("s541");
        finally! { log.push("f541"); }
        log.push("s542");
        finally! { log.push("f542"); }
        log.push("s543");
        finally! { log.push("f543"); }
        log.push("s544");
        finally! { log.push("f544"); }
        log.push("s545");
        finally! { log.push("f545"); }
        log.push("s546");
        finally! { log.push("f546"); }
        log.push("s547");
        finally! { log.push("f547"); }
        log.push("s548");
        finally! { log.push("f548"); }
        log.push("s549");
        finally! { log.push("f549"); }
        log.push("s550");
        finally! { log.push("f550"); }
        log.push("s551");
        finally! { log.push("f551"); }
        log.push("s552");
        finally! { log.push("f552"); }
        log.push("s553");
        finally! { log.push("f553"); }
        log.push("s554");
        finally! { log.push("f554"); }
        log.push("s555");
        finally! { log.push("f555"); }
        log.push("s556");
        finally! { log.push("f556"); }
        log.push("s557");
        finally! { log.push("f557"); }
        log.push("s558");
        finally! { log.push("f558"); }
        log.push("s559");
        finally! { log.push("f559"); }
        log.push("s560");
        finally! { log.push("f560"); }
        log.push("s561");
        finally! { log.push("f561"); }
        log.push("s562");
        finally! { log.push("f562"); }
        log.push("s563");
        finally! { log.push("f563"); }
        log.push("s564");
        finally! { log.push("f564"); }
        log.push("s565");
        finally! { log.push("f565"); }
        log.push("s566");
        finally! { log.push("f566"); }
        log.push("s567");
        finally! { log.push("f567"); }
        log.push("s568");
        finally! { log.push("f568"); }
        log.push("s569");
        finally! { log.push("f569"); }
        log.push("s570");
        finally! { log.push("f570"); }
        log.push("s571");
        finally! { log.push("f571"); }
        log.push("s572");
        finally! { log.push("f572"); }
        log.push("s573");
        finally! { log.push("f573"); }
        log.push("s574");
        finally! { log.push("f574"); }
        log.push("s575");
        finally! { log.push("f575"); }
        log.push("s576");
        finally! { log.push("f576"); }
        log.push("s577");
        finally! { log.push("f577"); }
        log.push("s578");
        finally! { log.push("f578"); }
        log.push("s579");
        finally! { log.push("f579"); }
        log.push("s580");
        finally! { log.push("f580"); }
        log.push("s581");
        finally! { log.push("f581"); }
        log.push("s582");
        finally! { log.push("f582"); }
        log.push("s583");
        finally! { log.push("f583"); }
        log.push("s584");
        finally! { log.push("f584"); }
        log.push("s585");
        finally! { log.push("f585"); }
        log.push("s586");
        finally! { log.push("f586"); }
        log.push("s587");
        finally! { log.push("f587"); }
        log.push("s588");
        finally! { log.push("f588"); }
        log.push("s589");
        finally! { log.push("f589"); }
        log.push("s590");
        finally! { log.push("f590"); }
        log.push("s591");
        finally! { log.push("f591"); }
        log.push("s592");
        finally! { log.push("f592"); }
        log.push("s593");
        finally! { log.push("f593"); }
        log.push("s594");
        finally! { log.push("f594"); }
        log.push("s595");
        finally! { log.push("f595"); }
        log.push("s596");
        finally! { log.push("f596"); }
        log.push("s597");
        finally! { log.push("f597"); }
        log.push("s598");
        finally! { log.push("f598"); }
        log.push("s599");
        finally! { log.push("f599"); }
        yield_!(599);
        log.push("s600");
        finally! { log.push("f600"); }
        log.push("s601");
        finally! { log.push("f601"); }
        log.push("s602");
        finally! { log.push("f602"); }
        log.push("s603");
        finally! { log.push("f603"); }
        log.push("s604");
        finally! { log.push("f604"); }
        log.push("s605");
        finally! { log.push("f605"); }
        log.push("s606");
        finally! { log.push("f606"); }
        log.push("s607");
        finally! { log.push("f607"); }
        log.push("s608");
        finally! { log.push("f608"); }
        log.push("s609");
        finally! { log.push("f609"); }
        log.push("s610");
        finally! { log.push("f610"); }
        log.push("s611");
        finally! { log.push("f611"); }
        log.push("s612");
        finally! { log.push("f612"); }
        log.push("s613");
        finally! { log.push("f613"); }
        log.push("s614");
        finally! { log.push("f614"); }
        log.push("s615");
        finally! { log.push("f615"); }
        log.push("s616");
        finally! { log.push("f616"); }
        log.push("s617");
        finally! { log.push("f617"); }
        log.push("s618");
        finally! { log.push("f618"); }
        log.push("s619");
        finally! { log.push("f619"); }
        log.push("s620");
        finally! { log.push("f620"); }
        log.push("s621");
        finally! { log.push("f621"); }
        log.push("s622");
        finally! { log.push("f622"); }
        log.push("s623");
        finally! { log.push("f623"); }
        log.push("s624");
        finally! { log.push("f624"); }
        log.push("s625");
        finally! { log.push("f625"); }
        log.push("s626");
        finally! { log.push("f626"); }
        log.push("s627");
        finally! { log.push("f627"); }
        log.push("s628");
        finally! { log.push("f628"); }
        log.push("s629");
        finally! { log.push("f629"); }
        log.push("s630");
        finally! { log.push("f630"); }
        log.push("s631");
        finally! { log.push("f631"); }
        log.push("s632");
        finally! { log.push("f632"); }
        log.push("s633");
        finally! { log.push("f633"); }
        log.push("s634");
        finally! { log.push("f634"); }
        log.push("s635");
        finally! { log.push("f635"); }
        log.push("s636");
        finally! { log.push("f636"); }
        log.push("s637");
        finally! { log.push("f637"); }
        log.push("s638");
        finally! { log.push("f638"); }
        log.push("s639");
        finally! { log.push("f639"); }
        log.push("s640");
        finally! { log.push("f640"); }
        log.push("s641");
        finally! { log.push("f641"); }
        log.push("s642");
        finally! { log.push("f642"); }
        log.push("s643");
        finally! { log.push("f643"); }
        log.push("s644");
        finally! { log.push("f644"); }
        log.push("s645");
        finally! { log.push("f645"); }
        log.push("s646");
        finally! { log.push("f646"); }
        log.push("s647");
        finally! { log.push("f647"); }
        log.push("s648");
        finally! { log.push("f648"); }
        log.push("s649");
        finally! { log.push("f649"); }
        log.push("s650");
        finally! { log.push("f650"); }
        log.push("s651");
        finally! { log.push("f651"); }
        log.push("s652");
        finally! { log.push("f652"); }
        log.push("s653");
        finally! { log.push("f653"); }
        log.push("s654");
        finally! { log.push("f654"); }
        log.push("s655");
        finally! { log.push("f655"); }
        log.push("s656");
        finally! { log.push("f656"); }
        log.push("s657");
        finally! { log.push("f657"); }
        log.push("s658");
        finally! { log.push("f658"); }
        log.push("s659");
        finally! { log.push("f659"); }
        log.push("s660");
        finally! { log.push("f660"); }
        log.push("s661");
        finally! { log.push("f661"); }
        log.push("s662");
        finally! { log.push("f662"); }
        log.push("s663");
        finally! { log.push("f663"); }
        log.push("s664");
        finally! { log.push("f664"); }
        log.push("s665");
        finally! { log.push("f665"); }
        log.push("s666");
        finally! { log.push("f666"); }
        log.push("s667");
        finally! { log.push("f667"); }
        log.push("s668");
        finally! { log.push("f668"); }
        log.push("s669");
        finally! { log.push("f669"); }
        log.push("s670");
        finally! { log.push("f670"); }
        log.push("s671");
        finally! { log.push("f671"); }
        log.push("s672");
        finally! { log.push("f672"); }
        log.push("s673");
        finally! { log.push("f673"); }
        log.push("s674");
        finally! { log.push("f674"); }
        log.push("s675");
        finally! { log.push("f675"); }
        log.push("s676");
        finally! { log.push("f676"); }
        log.push("s677");
        finally! { log.push("f677"); }
        log.push("s678");
        finally! { log.push("f678"); }
        log.push("s679");
        finally! { log.push("f679"); }
        log.push("s680");
        finally! { log.push("f680"); }
        log.push("s681");
        finally! { log.push("f681"); }
        log.push("s682");
        finally! { log.push("f682"); }
        log.push("s683");
        finally! { log.push("f683"); }
        log.push("s684");
        finally! { log.push("f684"); }
        log.push("s685");
        finally! { log.push("f685"); }
        log.push("s686");
        finally! { log.push("f686"); }
        log.push("s687");
        finally! { log.push("f687"); }
        log.push("s688");
        finally! { log.push("f688"); }
        log.push("s689");
        finally! { log.push("f689"); }
        log.push("s690");
        finally! { log.push("f690"); }
        log.push("s691");
        finally! { log.push("f691"); }
        log.push("s692");
        finally! { log.push("f692"); }
        log.push("s693");
        finally! { log.push("f693"); }
        log.push("s694");
        finally! { log.push("f694"); }
        log.push("s695");
        finally! { log.push("f695"); }
        log.push("s696");
        finally! { log.push("f696"); }
        log.push("s697");
        finally! { log.push("f697"); }
        log.push("s698");
        finally! { log.push("f698"); }
        log.push("s699");
        finally! { log.push("f699"); }
        yield_!(699);
        log.push("s700");
        finally! { log.push("f700"); }
        log.push("s701");
        finally! { log.push("f701"); }
        log.push("s702");
        finally! { log.push("f702"); }
        log.push("s703");
        finally! { log.push("f703"); }
        log.push("s704");
        finally! { log.push("f704"); }
        log.push("s705");
        finally! { log.push("f705"); }
        log.push("s706");
        finally! { log.push("f706"); }
        log.push("s707");
        finally! { log.push("f707"); }
        log.push("s708");
        finally! { log.push("f708"); }
        log.push("s709");
        finally! { log.push("f709"); }
        log.push("s710");
        finally! { log.push("f710"); }
        log.push("s711");
        finally! { log.push("f711"); }
        log.push("s712");
        finally! { log.push("f712"); }
        log.push("s713");
        finally! { log.push("f713"); }
        log.push("s714");
        finally! { log.push("f714"); }
        log.push("s715");
        finally! { log.push("f715"); }
        log.push("s716");
        finally! { log.push("f716"); }
        log.push("s717");
        finally! { log.push("f717"); }
        log.push("s718");
        finally! { log.push("f718"); }
        log.push("s719");
        finally! { log.push("f719"); }
        log.push("s720");
        finally! { log.push("f720"); }
        log.push("s721");
        finally! { log.push("f721"); }
        log.push("s722");
        finally! { log.push("f722"); }
        log.push("s723");
        finally! { log.push("f723"); }
        log.push("s724");
        finally! { log.push("f724"); }
        log.push("s725");
        finally! { log.push("f725"); }
        log.push("s726");
        finally! { log.push("f726"); }
        log.push("s727");
        finally! { log.push("f727"); }
        log.push("s728");
        finally! { log.push("f728"); }
        log.push("s729");
        finally! { log.push("f729"); }
        log.push("s730");
        finally! { log.push("f730"); }
        log.push("s731");
        finally! { log.push("f731"); }
        log.push("s732");
        finally! { log.push("f732"); }
        log.push("s733");
        finally! { log.push("f733"); }
        log.push("s734");
        finally! { log.push("f734"); }
        log.push("s735");
        finally! { log.push("f735"); }
        log.push("s736");
        finally! { log.push("f736"); }
        log.push("s737");
        finally! { log.push("f737"); }
        log.push("s738");
        finally! { log.push("f738"); }
        log.push("s739");
        finally! { log.push("f739"); }
        log.push("s740");
        finally! { log.push("f740"); }
        log.push("s741");
        finally! { log.push("f741"); }
        log.push("s742");
        finally! { log.push("f742"); }
        log.push("s743");
        finally! { log.push("f743"); }
        log.push("s744");
        finally! { log.push("f744"); }
        log.push("s745");
        finally! { log.push("f745"); }
        log.push("s746");
        finally! { log.push("f746"); }
        log.push("s747");
        finally! { log.push("f747"); }
        log.push("s748");
        finally! { log.push("f748"); }
        log.push("s749");
        finally! { log.push("f749"); }
        log.push("s750");
        finally! {
            log.push("f750");
            ready(()).await;
            WakeSelfOnce::default().await;
            log.push("f750 resumed");
        }
        log.push("s751");
        finally! { log.push("f751"); }
        log.push("s752");
        finally! { log.push("f752"); }
        log.push("s753");
        finally! { log.push("f753"); }
        log.push("s754");
        finally! { log.push("f754"); }
        log.push("s755");
        finally! { log.push("f755"); }
        log.push("s756");
        finally! { log.push("f756"); }
        log.push("s757");
        finally! { log.push("f757"); }
        log.push("s758");
        finally! { log.push("f758"); }
        log.push("s759");
        finally! { log.push("f759"); }
        log.push("s760");
        finally! { log.push("f760"); }
        log.push("s761");
        finally! { log.push("f761"); }
        log.push("s762");
        finally! { log.push("f762"); }
        log.push("s763");
        finally! { log.push("f763"); }
        log.push("s764");
        finally! { log.push("f764"); }
        log.push("s765");
        finally! { log.push("f765"); }
        log.push("s766");
        finally! { log.push("f766"); }
        log.push("s767");
        finally! { log.push("f767"); }
        log.push("s768");
        finally! { log.push("f768"); }
        log.push("s769");
        finally! { log.push("f769"); }
        log.push("s770");
        finally! { log.push("f770"); }
        log.push("s771");
        finally! { log.push("f771"); }
        log.push("s772");
        finally! { log.push("f772"); }
        log.push("s773");
        finally! { log.push("f773"); }
        log.push("s774");
        finally! { log.push("f774"); }
        log.push("s775");
        finally! { log.push("f775"); }
        log.push("s776");
        finally! { log.push("f776"); }
        log.push("s777");
        finally! { log.push("f777"); }
        log.push("s778");
        finally! { log.push("f778"); }
        log.push("s779");
        finally! { log.push("f779"); }
        log.push("s780");
        finally! { log.push("f780"); }
        log.push("s781");
        finally! { log.push("f781"); }
        log.push("s782");
        finally! { log.push("f782"); }
        log.push("s783");
        finally! { log.push("f783"); }
        log.push("s784");
        finally! { log.push("f784"); }
        log.push("s785");
        finally! { log.push("f785"); }
        log.push("s786");
        finally! { log.push("f786"); }
        log.push("s787");
        finally! { log.push("f787"); }
        log.push("s788");
        finally! { log.push("f788"); }
        log.push("s789");
        finally! { log.push("f789"); }
        log.push("s790");
        finally! { log.push("f790"); }
        log.push("s791");
        finally! { log.push("f791"); }
        log.push("s792");
        finally! { log.push("f792"); }
        log.push("s793");
        finally! { log.push("f793"); }
        log.push("s794");
        finally! { log.push("f794"); }
        log.push("s795");
        finally! { log.push("f795"); }
        log.push("s796");
        finally! { log.push("f796"); }
        log.push("s797");
        finally! { log.push("f797"); }
        log.push("s798");
        finally! { log.push("f798"); }
        log.push("s799");
        finally! { log.push("f799"); }
        yield_!(799);
        log.push("s800");
        finally! { log.push("f800"); }
        log.push("s801");
        finally! { log.push("f801"); }
        log.push("s802");
        finally! { log.push("f802"); }
        log.push("s803");
        finally! { log.push("f803"); }
        log.push("s804");
        finally! { log.push("f804"); }
        log.push("s805");
        finally! { log.push("f805"); }
        log.push("s806");
        finally! { log.push("f806"); }
        log.push("s807");
        finally! { log.push("f807"); }
        log.push("s808");
        finally! { log.push("f808"); }
        log.push("s809");
        finally! { log.push("f809"); }
        log.push("s810");
        finally! { log.push("f810"); }
        log.push("s811");
        finally! { log.push("f811"); }
        log.push("s812");
        finally! { log.push("f812"); }
        log.push("s813");
        finally! { log.push("f813"); }
        log.push("s814");
        finally! { log.push("f814"); }
        log.push("s815");
        finally! { log.push("f815"); }
        log.push("s816");
        finally! { log.push("f816"); }
        log.push("s817");
        finally! { log.push("f817"); }
        log.push("s818");
        finally! { log.push("f818"); }
        log.push("s819");
        finally! { log.push("f819"); }
        log.push("s820");
        finally! { log.push("f820"); }
        log.push("s821");
        finally! { log.push("f821"); }
        log.push("s822");
        finally! { log.push("f822"); }
        log.push("s823");
        finally! { log.push("f823"); }
        log.push("s824");
        finally! { log.push("f824"); }
        log.push("s825");
        finally! { log.push("f825"); }
        log.push("s826");
        finally! { log.push("f826"); }
        log.push("s827");
        finally! { log.push("f827"); }
        log.push("s828");
        finally! { log.push("f828"); }
        log.push("s829");
        finally! { log.push("f829"); }
        log.push("s830");
        finally! { log.push("f830"); }
        log.push("s831");
        finally! { log.push("f831"); }
        log.push("s832");
        finally! { log.push("f832"); }
        log.push("s833");
        finally! { log.push("f833"); }
        log.push("s834");
        finally! { log.push("f834"); }
        log.push("s835");
        finally! { log.push("f835"); }
        log.push("s836");
        finally! { log.push("f836"); }
        log.push("s837");
        finally! { log.push("f837"); }
        log.push("s838");
        finally! { log.push("f838"); }
        log.push("s839");
        finally! { log.push("f839"); }
        log.push("s840");
        finally! { log.push("f840"); }
        log.push("s841");
        finally! { log.push("f841"); }
        log.push("s842");
        finally! { log.push("f842"); }
        log.push("s843");
        finally! { log.push("f843"); }
        log.push("s844");
        finally! { log.push("f844"); }
        log.push("s845");
        finally! { log.push("f845"); }
        log.push("s846");
        finally! { log.push("f846"); }
        log.push("s847");
        finally! { log.push("f847"); }
        log.push("s848");
        finally! { log.push("f848"); }
        log.push("s849");
        finally! { log.push("f849"); }
        log.push("s850");
        finally! { log.push("f850"); }
        log.push("s851");
        finally! { log.push("f851"); }
        log.push("s852");
        finally! { log.push("f852"); }
        log.push("s853");
        finally! { log.push("f853"); }
        log.push("s854");
        finally! { log.push("f854"); }
        log.push("s855");
        finally! { log.push("f855"); }
        log.push("s856");
        finally! { log.push("f856"); }
        log.push("s857");
        finally! { log.push("f857"); }
        log.push("s858");
        finally! { log.push("f858"); }
        log.push("s859");
        finally! { log.push("f859"); }
        log.push("s860");
        finally! { log.push("f860"); }
        log.push("s861");
        finally! { log.push("f861"); }
        log.push("s862");
        finally! { log.push("f862"); }
        log.push("s863");
        finally! { log.push("f863"); }
        log.push("s864");
        finally! { log.push("f864"); }
        log.push("s865");
        finally! { log.push("f865"); }
        log.push("s866");
        finally! { log.push("f866"); }
        log.push("s867");
        finally! { log.push("f867"); }
        log.push("s868");
        finally! { log.push("f868"); }
        log.push("s869");
        finally! { log.push("f869"); }
        log.push("s870");
        finally! { log.push("f870"); }
        log.push("s871");
        finally! { log.push("f871"); }
        log.push("s872");
        finally! { log.push("f872"); }
        log.push("s873");
        finally! { log.push("f873"); }
        log.push("s874");
        finally! { log.push("f874"); }
        log.push("s875");
        finally! { log.push("f875"); }
        log.push("s876");
        finally! { log.push("f876"); }
        log.push("s877");
        finally! { log.push("f877"); }
        log.push("s878");
        finally! { log.push("f878"); }
        log.push("s879");
        finally! { log.push("f879"); }
        log.push("s880");
        finally! { log.push("f880"); }
        log.push("s881");
        finally! { log.push("f881"); }
        log.push("s882");
        finally! { log.push("f882"); }
        log.push("s883");
        finally! { log.push("f883"); }
        log.push("s884");
        finally! { log.push("f884"); }
        log.push("s885");
        finally! { log.push("f885"); }
        log.push("s886");
        finally! { log.push("f886"); }
        log.push("s887");
        finally! { log.push("f887"); }
        log.push("s888");
        finally! { log.push("f888"); }
        log.push("s889");
        finally! { log.push("f889"); }
        log.push("s890");
        finally! { log.push("f890"); }
        log.push("s891");
        finally! { log.push("f891"); }
        log.push("s892");
        finally! { log.push("f892"); }
        log.push("s893");
        finally! { log.push("f893"); }
        log.push("s894");
        finally! { log.push("f894"); }
        log.push("s895");
        finally! { log.push("f895"); }
        log.push("s896");
        finally! { log.push("f896"); }
        log.push("s897");
        finally! { log.push("f897"); }
        log.push("s898");
        finally! { log.push("f898"); }
        log.push("s899");
        finally! { log.push("f899"); }
        yield_!(899);
        log.push("s900");
        finally! { log.push("f900"); }
        log.push("s901");
        finally! { log.push("f901"); }
        log.push("s902");
        finally! { log.push("f902"); }
        log.push("s903");
        finally! { log.push("f903"); }
        log.push("s904");
        finally! { log.push("f904"); }
        log.push("s905");
        finally! { log.push("f905"); }
        log.push("s906");
        finally! { log.push("f906"); }
        log.push("s907");
        finally! { log.push("f907"); }
        log.push("s908");
        finally! { log.push("f908"); }
        log.push("s909");
        finally! { log.push("f909"); }
        log.push("s910");
        finally! { log.push("f910"); }
        log.push("s911");
        finally! { log.push("f911"); }
        log.push("s912");
        finally! { log.push("f912"); }
        log.push("s913");
        finally! { log.push("f913"); }
        log.push("s914");
        finally! { log.push("f914"); }
        log.push("s915");
        finally! { log.push("f915"); }
        log.push("s916");
        finally! { log.push("f916"); }
        log.push("s917");
        finally! { log.push("f917"); }
        log.push("s918");
        finally! { log.push("f918"); }
        log.push("s919");
        finally! { log.push("f919"); }
        log.push("s920");
        finally! { log.push("f920"); }
        log.push("s921");
        finally! { log.push("f921"); }
        log.push("s922");
        finally! { log.push("f922"); }
        log.push("s923");
        finally! { log.push("f923"); }
        log.push("s924");
        finally! { log.push("f924"); }
        log.push("s925");
        finally! { log.push("f925"); }
        log.push("s926");
        finally! { log.push("f926"); }
        log.push("s927");
        finally! { log.push("f927"); }
        log.push("s928");
        finally! { log.push("f928"); }
        log.push("s929");
        finally! { log.push("f929"); }
        log.push("s930");
        finally! { log.push("f930"); }
        log.push("s931");
        finally! { log.push("f931"); }
        log.push("s932");
        finally! { log.push("f932"); }
        log.push("s933");
        finally! { log.push("f933"); }
        log.push("s934");
        finally! { log.push("f934"); }
        log.push("s935");
        finally! { log.push("f935"); }
        log.push("s936");
        finally! { log.push("f936"); }
        log.push("s937");
        finally! { log.push("f937"); }
        log.push("s938");
        finally! { log.push("f938"); }
        log.push("s939");
        finally! { log.push("f939"); }
        log.push("s940");
        finally! { log.push("f940"); }
        log.push("s941");
        finally! { log.push("f941"); }
        log.push("s942");
        finally! { log.push("f942"); }
        log.push("s943");
        finally! { log.push("f943"); }
        log.push("s944");
        finally! { log.push("f944"); }
        log.push("s945");
        finally! { log.push("f945"); }
        log.push("s946");
        finally! { log.push("f946"); }
        log.push("s947");
        finally! { log.push("f947"); }
        log.push("s948");
        finally! { log.push("f948"); }
        log.push("s949");
        finally! { log.push("f949"); }
        log.push("s950");
        finally! { log.push("f950"); }
        log.push("s951");
        finally! { log.push("f951"); }
        log.push("s952");
        finally! { log.push("f952"); }
        log.push("s953");
        finally! { log.push("f953"); }
        log.push("s954");
        finally! { log.push("f954"); }
        log.push("s955");
        finally! { log.push("f955"); }
        log.push("s956");
        finally! { log.push("f956"); }
        log.push("s957");
        finally! { log.push("f957"); }
        log.push("s958");
        finally! { log.push("f958"); }
        log.push("s959");
        finally! { log.push("f959"); }
        log.push("s960");
        finally! { log.push("f960"); }
        log.push("s961");
        finally! { log.push("f961"); }
        log.push("s962");
        finally! { log.push("f962"); }
        log.push("s963");
        finally! { log.push("f963"); }
        log.push("s964");
        finally! { log.push("f964"); }
        log.push("s965");
        finally! { log.push("f965"); }
        log.push("s966");
        finally! { log.push("f966"); }
        log.push("s967");
        finally! { log.push("f967"); }
        log.push("s968");
        finally! { log.push("f968"); }
        log.push("s969");
        finally! { log.push("f969"); }
        log.push("s970");
        finally! { log.push("f970"); }
        log.push("s971");
        finally! { log.push("f971"); }
        log.push("s972");
        finally! { log.push("f972"); }
        log.push("s973");
        finally! { log.push("f973"); }
        log.push("s974");
        finally! { log.push("f974"); }
        log.push("s975");
        finally! { log.push("f975"); }
        log.push("s976");
        finally! { log.push("f976"); }
        log.push("s977");
        finally! { log.push("f977"); }
        log.push("s978");
        finally! { log.push("f978"); }
        log.push("s979");
        finally! { log.push("f979"); }
        log.push("s980");
        finally! { log.push("f980"); }
        log.push("s981");
        finally! { log.push("f981"); }
        log.push("s982");
        finally! { log.push("f982"); }
        log.push("s983");
        finally! { log.push("f983"); }
        log.push("s984");
        finally! { log.push("f984"); }
        log.push("s985");
        finally! { log.push("f985"); }
        log.push("s986");
        finally! { log.push("f986"); }
        log.push("s987");
        finally! { log.push("f987"); }
        log.push("s988");
        finally! { log.push("f988"); }
        log.push("s989");
        finally! { log.push("f989"); }
        log.push("s990");
        finally! { log.push("f990"); }
        log.push("s991");
        finally! { log.push("f991"); }
        log.push("s992");
        finally! { log.push("f992"); }
        log.push("s993");
        finally! { log.push("f993"); }
        log.push("s994");
        finally! { log.push("f994"); }
        log.push("s995");
        finally! { log.push("f995"); }
        log.push("s996");
        finally! { log.push("f996"); }
        log.push("s997");
        finally! { log.push("f997"); }
        log.push("s998");
        finally! { log.push("f998"); }
        log.push("s999");
        finally! { log.push("f999"); }
        yield_!(999);

        match exit {
            Exit::Break => break,
            Exit::Return => return,
        }
    }
    log.push("after the loop");
}

/// What [`thousand_finally`] and a consumer logging `got <item>` log up to
/// the `finally!` after statement `last`, and the yield after it if any.
fn thousand_events(last: u32) -> Vec<String> {
    let mut events = vec!["start".to_owned()];
    for i in 0..=last {
        events.push(format!("s{i}"));
        if i % YIELD_EVERY == YIELD_EVERY - 1 {
            events.push(format!("got {i}"));
        }
    }
    events
}

/// The cleanups of the first `armed` `finally!` blocks, innermost first.
fn thousand_cleanups(armed: u32) -> Vec<String> {
    let mut events = Vec::new();
    for i in (0..armed).rev() {
        events.push(format!("f{i}"));
        if i % AWAIT_EVERY == 0 {
            events.push(format!("f{i} resumed"));
        }
    }
    events
}

#[tokio::test]
async fn a_thousand_cleanups_run_innermost_first_on_break() {
    let log = Log::new();
    drain(&log, thousand_finally(log.clone(), Exit::Break)).await;
    let mut expected = thousand_events(FINALLY_BLOCKS - 1);
    expected.extend(thousand_cleanups(FINALLY_BLOCKS));
    expected.extend(["after the loop".to_owned(), "got None".to_owned()]);
    assert_events(log.take(), expected);
}

#[tokio::test]
async fn a_thousand_cleanups_run_innermost_first_on_return() {
    let log = Log::new();
    drain(&log, thousand_finally(log.clone(), Exit::Return)).await;
    let mut expected = thousand_events(FINALLY_BLOCKS - 1);
    expected.extend(thousand_cleanups(FINALLY_BLOCKS));
    expected.push("got None".to_owned());
    assert_events(log.take(), expected);
}

#[tokio::test]
async fn close_after_the_first_item_runs_the_armed_cleanups_innermost_first() {
    let log = Log::new();
    let mut g = pin!(thousand_finally(log.clone(), Exit::Break));
    assert_eq!(g.next().await, Some(YIELD_EVERY - 1));
    log.push(format!("got {}", YIELD_EVERY - 1));
    g.as_mut().close().await;
    log.push("close returned");
    assert!(g.is_finished());
    let mut expected = thousand_events(YIELD_EVERY - 1);
    expected.extend(thousand_cleanups(YIELD_EVERY));
    expected.push("close returned".to_owned());
    assert_events(log.take(), expected);
}

#[test]
fn drop_after_five_items_runs_the_armed_cleanups_innermost_first() {
    let log = Log::new();
    {
        let mut g = pin!(thousand_finally(log.clone(), Exit::Break));
        for item in 1..=5 {
            let i = item * YIELD_EVERY - 1;
            assert_eq!(futures::executor::block_on(g.next()), Some(i));
            log.push(format!("got {i}"));
        }
    }
    log.push("dropped");
    let mut expected = thousand_events(5 * YIELD_EVERY - 1);
    expected.extend(thousand_cleanups(5 * YIELD_EVERY));
    expected.push("dropped".to_owned());
    assert_events(log.take(), expected);
}

fn step(log: &Log, i: u32, fail_at: Option<u32>) -> Result<(), String> {
    log.push(format!("step{i}"));
    if fail_at == Some(i) {
        Err(format!("failed at {i}"))
    } else {
        Ok(())
    }
}

/// What statement `i` of [`long_body`] is.
#[derive(PartialEq)]
enum Kind {
    Yield,
    Finally,
    Step,
    Push,
}

fn kind(i: u32) -> Kind {
    if i % 4 == 3 {
        Kind::Yield
    } else if i % 20 == 10 {
        Kind::Finally
    } else if i % 20 == 6 {
        Kind::Step
    } else {
        Kind::Push
    }
}

/// 2,000 statements ([`kind`]): 500 yields, 100 `finally!` blocks, 100
/// fallible steps, 1,300 plain statements.
#[async_generator(yield = u32)]
async fn long_body(log: Log, fail_at: Option<u32>) -> Result<(), String> {
    log.push("s0");
    log.push("s1");
    log.push("s2");
    yield_!(3);
    log.push("s4");
    log.push("s5");
    step(&log, 6, fail_at)?;
    yield_!(7);
    log.push("s8");
    log.push("s9");
    finally! { log.push("f10"); }
    yield_!(11);
    log.push("s12");
    log.push("s13");
    log.push("s14");
    yield_!(15);
    log.push("s16");
    log.push("s17");
    log.push("s18");
    yield_!(19);
    log.push("s20");
    log.push("s21");
    log.push("s22");
    yield_!(23);
    log.push("s24");
    log.push("s25");
    step(&log, 26, fail_at)?;
    yield_!(27);
    log.push("s28");
    log.push("s29");
    finally! { log.push("f30"); }
    yield_!(31);
    log.push("s32");
    log.push("s33");
    log.push("s34");
    yield_!(35);
    log.push("s36");
    log.push("s37");
    log.push("s38");
    yield_!(39);
    log.push("s40");
    log.push("s41");
    log.push("s42");
    yield_!(43);
    log.push("s44");
    log.push("s45");
    step(&log, 46, fail_at)?;
    yield_!(47);
    log.push("s48");
    log.push("s49");
    finally! { log.push("f50"); }
    yield_!(51);
    log.push("s52");
    log.push("s53");
    log.push("s54");
    yield_!(55);
    log.push("s56");
    log.push("s57");
    log.push("s58");
    yield_!(59);
    log.push("s60");
    log.push("s61");
    log.push("s62");
    yield_!(63);
    log.push("s64");
    log.push("s65");
    step(&log, 66, fail_at)?;
    yield_!(67);
    log.push("s68");
    log.push("s69");
    finally! { log.push("f70"); }
    yield_!(71);
    log.push("s72");
    log.push("s73");
    log.push("s74");
    yield_!(75);
    log.push("s76");
    log.push("s77");
    log.push("s78");
    yield_!(79);
    log.push("s80");
    log.push("s81");
    log.push("s82");
    yield_!(83);
    log.push("s84");
    log.push("s85");
    step(&log, 86, fail_at)?;
    yield_!(87);
    log.push("s88");
    log.push("s89");
    finally! { log.push("f90"); }
    yield_!(91);
    log.push("s92");
    log.push("s93");
    log.push("s94");
    yield_!(95);
    log.push("s96");
    log.push("s97");
    log.push("s98");
    yield_!(99);
    log.push("s100");
    log.push("s101");
    log.push("s102");
    yield_!(103);
    log.push("s104");
    log.push("s105");
    step(&log, 106, fail_at)?;
    yield_!(107);
    log.push("s108");
    log.push("s109");
    finally! { log.push("f110"); }
    yield_!(111);
    log.push("s112");
    log.push("s113");
    log.push("s114");
    yield_!(115);
    log.push("s116");
    log.push("s117");
    log.push("s118");
    yield_!(119);
    log.push("s120");
    log.push("s121");
    log.push("s122");
    yield_!(123);
    log.push("s124");
    log.push("s125");
    step(&log, 126, fail_at)?;
    yield_!(127);
    log.push("s128");
    log.push("s129");
    finally! { log.push("f130"); }
    yield_!(131);
    log.push("s132");
    log.push("s133");
    log.push("s134");
    yield_!(135);
    log.push("s136");
    log.push("s137");
    log.push("s138");
    yield_!(139);
    log.push("s140");
    log.push("s141");
    log.push("s142");
    yield_!(143);
    log.push("s144");
    log.push("s145");
    step(&log, 146, fail_at)?;
    yield_!(147);
    log.push("s148");
    log.push("s149");
    finally! { log.push("f150"); }
    yield_!(151);
    log.push("s152");
    log.push("s153");
    log.push("s154");
    yield_!(155);
    log.push("s156");
    log.push("s157");
    log.push("s158");
    yield_!(159);
    log.push("s160");
    log.push("s161");
    log.push("s162");
    yield_!(163);
    log.push("s164");
    log.push("s165");
    step(&log, 166, fail_at)?;
    yield_!(167);
    log.push("s168");
    log.push("s169");
    finally! { log.push("f170"); }
    yield_!(171);
    log.push("s172");
    log.push("s173");
    log.push("s174");
    yield_!(175);
    log.push("s176");
    log.push("s177");
    log.push("s178");
    yield_!(179);
    log.push("s180");
    log.push("s181");
    log.push("s182");
    yield_!(183);
    log.push("s184");
    log.push("s185");
    step(&log, 186, fail_at)?;
    yield_!(187);
    log.push("s188");
    log.push("s189");
    finally! { log.push("f190"); }
    yield_!(191);
    log.push("s192");
    log.push("s193");
    log.push("s194");
    yield_!(195);
    log.push("s196");
    log.push("s197");
    log.push("s198");
    yield_!(199);
    log.push("s200");
    log.push("s201");
    log.push("s202");
    yield_!(203);
    log.push("s204");
    log.push("s205");
    step(&log, 206, fail_at)?;
    yield_!(207);
    log.push("s208");
    log.push("s209");
    finally! { log.push("f210"); }
    yield_!(211);
    log.push("s212");
    log.push("s213");
    log.push("s214");
    yield_!(215);
    log.push("s216");
    log.push("s217");
    log.push("s218");
    yield_!(219);
    log.push("s220");
    log.push("s221");
    log.push("s222");
    yield_!(223);
    log.push("s224");
    log.push("s225");
    step(&log, 226, fail_at)?;
    yield_!(227);
    log.push("s228");
    log.push("s229");
    finally! { log.push("f230"); }
    yield_!(231);
    log.push("s232");
    log.push("s233");
    log.push("s234");
    yield_!(235);
    log.push("s236");
    log.push("s237");
    log.push("s238");
    yield_!(239);
    log.push("s240");
    log.push("s241");
    log.push("s242");
    yield_!(243);
    log.push("s244");
    log.push("s245");
    step(&log, 246, fail_at)?;
    yield_!(247);
    log.push("s248");
    log.push("s249");
    finally! { log.push("f250"); }
    yield_!(251);
    log.push("s252");
    log.push("s253");
    log.push("s254");
    yield_!(255);
    log.push("s256");
    log.push("s257");
    log.push("s258");
    yield_!(259);
    log.push("s260");
    log.push("s261");
    log.push("s262");
    yield_!(263);
    log.push("s264");
    log.push("s265");
    step(&log, 266, fail_at)?;
    yield_!(267);
    log.push("s268");
    log.push("s269");
    finally! { log.push("f270"); }
    yield_!(271);
    log.push("s272");
    log.push("s273");
    log.push("s274");
    yield_!(275);
    log.push("s276");
    log.push("s277");
    log.push("s278");
    yield_!(279);
    log.push("s280");
    log.push("s281");
    log.push("s282");
    yield_!(283);
    log.push("s284");
    log.push("s285");
    step(&log, 286, fail_at)?;
    yield_!(287);
    log.push("s288");
    log.push("s289");
    finally! { log.push("f290"); }
    yield_!(291);
    log.push("s292");
    log.push("s293");
    log.push("s294");
    yield_!(295);
    log.push("s296");
    log.push("s297");
    log.push("s298");
    yield_!(299);
    log.push("s300");
    log.push("s301");
    log.push("s302");
    yield_!(303);
    log.push("s304");
    log.push("s305");
    step(&log, 306, fail_at)?;
    yield_!(307);
    log.push("s308");
    log.push("s309");
    finally! { log.push("f310"); }
    yield_!(311);
    log.push("s312");
    log.push("s313");
    log.push("s314");
    yield_!(315);
    log.push("s316");
    log.push("s317");
    log.push("s318");
    yield_!(319);
    log.push("s320");
    log.push("s321");
    log.push("s322");
    yield_!(323);
    log.push("s324");
    log.push("s325");
    step(&log, 326, fail_at)?;
    yield_!(327);
    log.push("s328");
    log.push("s329");
    finally! { log.push("f330"); }
    yield_!(331);
    log.push("s332");
    log.push("s333");
    log.push("s334");
    yield_!(335);
    log.push("s336");
    log.push("s337");
    log.push("s338");
    yield_!(339);
    log.push("s340");
    log.push("s341");
    log.push("s342");
    yield_!(343);
    log.push("s344");
    log.push("s345");
    step(&log, 346, fail_at)?;
    yield_!(347);
    log.push("s348");
    log.push("s349");
    finally! { log.push("f350"); }
    yield_!(351);
    log.push("s352");
    log.push("s353");
    log.push("s354");
    yield_!(355);
    log.push("s356");
    log.push("s357");
    log.push("s358");
    yield_!(359);
    log.push("s360");
    log.push("s361");
    log.push("s362");
    yield_!(363);
    log.push("s364");
    log.push("s365");
    step(&log, 366, fail_at)?;
    yield_!(367);
    log.push("s368");
    log.push("s369");
    finally! { log.push("f370"); }
    yield_!(371);
    log.push("s372");
    log.push("s373");
    log.push("s374");
    yield_!(375);
    log.push("s376");
    log.push("s377");
    log.push("s378");
    yield_!(379);
    log.push("s380");
    log.push("s381");
    log.push("s382");
    yield_!(383);
    log.push("s384");
    log.push("s385");
    step(&log, 386, fail_at)?;
    yield_!(387);
    log.push("s388");
    log.push("s389");
    finally! { log.push("f390"); }
    yield_!(391);
    log.push("s392");
    log.push("s393");
    log.push("s394");
    yield_!(395);
    log.push("s396");
    log.push("s397");
    log.push("s398");
    yield_!(399);
    log.push("s400");
    log.push("s401");
    log.push("s402");
    yield_!(403);
    log.push("s404");
    log.push("s405");
    step(&log, 406, fail_at)?;
    yield_!(407);
    log.push("s408");
    log.push("s409");
    finally! { log.push("f410"); }
    yield_!(411);
    log.push("s412");
    log.push("s413");
    log.push("s414");
    yield_!(415);
    log.push("s416");
    log.push("s417");
    log.push("s418");
    yield_!(419);
    log.push("s420");
    log.push("s421");
    log.push("s422");
    yield_!(423);
    log.push("s424");
    log.push("s425");
    step(&log, 426, fail_at)?;
    yield_!(427);
    log.push("s428");
    log.push("s429");
    finally! { log.push("f430"); }
    yield_!(431);
    log.push("s432");
    log.push("s433");
    log.push("s434");
    yield_!(435);
    log.push("s436");
    log.push("s437");
    log.push("s438");
    yield_!(439);
    log.push("s440");
    log.push("s441");
    log.push("s442");
    yield_!(443);
    log.push("s444");
    log.push("s445");
    step(&log, 446, fail_at)?;
    yield_!(447);
    log.push("s448");
    log.push("s449");
    finally! { log.push("f450"); }
    yield_!(451);
    log.push("s452");
    log.push("s453");
    log.push("s454");
    yield_!(455);
    log.push("s456");
    log.push("s457");
    log.push("s458");
    yield_!(459);
    log.push("s460");
    log.push("s461");
    log.push("s462");
    yield_!(463);
    log.push("s464");
    log.push("s465");
    step(&log, 466, fail_at)?;
    yield_!(467);
    log.push("s468");
    log.push("s469");
    finally! { log.push("f470"); }
    yield_!(471);
    log.push("s472");
    log.push("s473");
    log.push("s474");
    yield_!(475);
    log.push("s476");
    log.push("s477");
    log.push("s478");
    yield_!(479);
    log.push("s480");
    log.push("s481");
    log.push("s482");
    yield_!(483);
    log.push("s484");
    log.push("s485");
    step(&log, 486, fail_at)?;
    yield_!(487);
    log.push("s488");
    log.push("s489");
    finally! { log.push("f490"); }
    yield_!(491);
    log.push("s492");
    log.push("s493");
    log.push("s494");
    yield_!(495);
    log.push("s496");
    log.push("s497");
    log.push("s498");
    yield_!(499);
    log.push("s500");
    log.push("s501");
    log.push("s502");
    yield_!(503);
    log.push("s504");
    log.push("s505");
    step(&log, 506, fail_at)?;
    yield_!(507);
    log.push("s508");
    log.push("s509");
    finally! { log.push("f510"); }
    yield_!(511);
    log.push("s512");
    log.push("s513");
    log.push("s514");
    yield_!(515);
    log.push("s516");
    log.push("s517");
    log.push("s518");
    yield_!(519);
    log.push("s520");
    log.push("s521");
    log.push("s522");
    yield_!(523);
    log.push("s524");
    log.push("s525");
    step(&log, 526, fail_at)?;
    yield_!(527);
    log.push("s528");
    log.push("s529");
    finally! { log.push("f530"); }
    yield_!(531);
    log.push("s532");
    log.push("s533");
    log.push("s534");
    yield_!(535);
    log.push("s536");
    log.push("s537");
    log.push("s538");
    yield_!(539);
    log.push("s540");
    log.push("s541");
    log.push("s542");
    yield_!(543);
    log.push("s544");
    log.push("s545");
    step(&log, 546, fail_at)?;
    yield_!(547);
    log.push("s548");
    log.push("s549");
    finally! { log.push("f550"); }
    yield_!(551);
    log.push("s552");
    log.push("s553");
    log.push("s554");
    yield_!(555);
    log.push("s556");
    log.push("s557");
    log.push("s558");
    yield_!(559);
    log.push("s560");
    log.push("s561");
    log.push("s562");
    yield_!(563);
    log.push("s564");
    log.push("s565");
    step(&log, 566, fail_at)?;
    yield_!(567);
    log.push("s568");
    log.push("s569");
    finally! { log.push("f570"); }
    yield_!(571);
    log.push("s572");
    log.push("s573");
    log.push("s574");
    yield_!(575);
    log.push("s576");
    log.push("s577");
    log.push("s578");
    yield_!(579);
    log.push("s580");
    log.push("s581");
    log.push("s582");
    yield_!(583);
    log.push("s584");
    log.push("s585");
    step(&log, 586, fail_at)?;
    yield_!(587);
    log.push("s588");
    log.push("s589");
    finally! { log.push("f590"); }
    yield_!(591);
    log.push("s592");
    log.push("s593");
    log.push("s594");
    yield_!(595);
    log.push("s596");
    log.push("s597");
    log.push("s598");
    yield_!(599);
    log.push("s600");
    log.push("s601");
    log.push("s602");
    yield_!(603);
    log.push("s604");
    log.push("s605");
    step(&log, 606, fail_at)?;
    yield_!(607);
    log.push("s608");
    log.push("s609");
    finally! { log.push("f610"); }
    yield_!(611);
    log.push("s612");
    log.push("s613");
    log.push("s614");
    yield_!(615);
    log.push("s616");
    log.push("s617");
    log.push("s618");
    yield_!(619);
    log.push("s620");
    log.push("s621");
    log.push("s622");
    yield_!(623);
    log.push("s624");
    log.push("s625");
    step(&log, 626, fail_at)?;
    yield_!(627);
    log.push("s628");
    log.push("s629");
    finally! { log.push("f630"); }
    yield_!(631);
    log.push("s632");
    log.push("s633");
    log.push("s634");
    yield_!(635);
    log.push("s636");
    log.push("s637");
    log.push("s638");
    yield_!(639);
    log.push("s640");
    log.push("s641");
    log.push("s642");
    yield_!(643);
    log.push("s644");
    log.push("s645");
    step(&log, 646, fail_at)?;
    yield_!(647);
    log.push("s648");
    log.push("s649");
    finally! { log.push("f650"); }
    yield_!(651);
    log.push("s652");
    log.push("s653");
    log.push("s654");
    yield_!(655);
    log.push("s656");
    log.push("s657");
    log.push("s658");
    yield_!(659);
    log.push("s660");
    log.push("s661");
    log.push("s662");
    yield_!(663);
    log.push("s664");
    log.push("s665");
    step(&log, 666, fail_at)?;
    yield_!(667);
    log.push("s668");
    log.push("s669");
    finally! { log.push("f670"); }
    yield_!(671);
    log.push("s672");
    log.push("s673");
    log.push("s674");
    yield_!(675);
    log.push("s676");
    log.push("s677");
    log.push("s678");
    yield_!(679);
    log.push("s680");
    log.push("s681");
    log.push("s682");
    yield_!(683);
    log.push("s684");
    log.push("s685");
    step(&log, 686, fail_at)?;
    yield_!(687);
    log.push("s688");
    log.push("s689");
    finally! { log.push("f690"); }
    yield_!(691);
    log.push("s692");
    log.push("s693");
    log.push("s694");
    yield_!(695);
    log.push("s696");
    log.push("s697");
    log.push("s698");
    yield_!(699);
    log.push("s700");
    log.push("s701");
    log.push("s702");
    yield_!(703);
    log.push("s704");
    log.push("s705");
    step(&log, 706, fail_at)?;
    yield_!(707);
    log.push("s708");
    log.push("s709");
    finally! { log.push("f710"); }
    yield_!(711);
    log.push("s712");
    log.push("s713");
    log.push("s714");
    yield_!(715);
    log.push("s716");
    log.push("s717");
    log.push("s718");
    yield_!(719);
    log.push("s720");
    log.push("s721");
    log.push("s722");
    yield_!(723);
    log.push("s724");
    log.push("s725");
    step(&log, 726, fail_at)?;
    yield_!(727);
    log.push("s728");
    log.push("s729");
    finally! { log.push("f730"); }
    yield_!(731);
    log.push("s732");
    log.push("s733");
    log.push("s734");
    yield_!(735);
    log.push("s736");
    log.push("s737");
    log.push("s738");
    yield_!(739);
    log.push("s740");
    log.push("s741");
    log.push("s742");
    yield_!(743);
    log.push("s744");
    log.push("s745");
    step(&log, 746, fail_at)?;
    yield_!(747);
    log.push("s748");
    log.push("s749");
    finally! { log.push("f750"); }
    yield_!(751);
    log.push("s752");
    log.push("s753");
    log.push("s754");
    yield_!(755);
    log.push("s756");
    log.push("s757");
    log.push("s758");
    yield_!(759);
    log.push("s760");
    log.push("s761");
    log.push("s762");
    yield_!(763);
    log.push("s764");
    log.push("s765");
    step(&log, 766, fail_at)?;
    yield_!(767);
    log.push("s768");
    log.push("s769");
    finally! { log.push("f770"); }
    yield_!(771);
    log.push("s772");
    log.push("s773");
    log.push("s774");
    yield_!(775);
    log.push("s776");
    log.push("s777");
    log.push("s778");
    yield_!(779);
    log.push("s780");
    log.push("s781");
    log.push("s782");
    yield_!(783);
    log.push("s784");
    log.push("s785");
    step(&log, 786, fail_at)?;
    yield_!(787);
    log.push("s788");
    log.push("s789");
    finally! { log.push("f790"); }
    yield_!(791);
    log.push("s792");
    log.push("s793");
    log.push("s794");
    yield_!(795);
    log.push("s796");
    log.push("s797");
    log.push("s798");
    yield_!(799);
    log.push("s800");
    log.push("s801");
    log.push("s802");
    yield_!(803);
    log.push("s804");
    log.push("s805");
    step(&log, 806, fail_at)?;
    yield_!(807);
    log.push("s808");
    log.push("s809");
    finally! { log.push("f810"); }
    yield_!(811);
    log.push("s812");
    log.push("s813");
    log.push("s814");
    yield_!(815);
    log.push("s816");
    log.push("s817");
    log.push("s818");
    yield_!(819);
    log.push("s820");
    log.push("s821");
    log.push("s822");
    yield_!(823);
    log.push("s824");
    log.push("s825");
    step(&log, 826, fail_at)?;
    yield_!(827);
    log.push("s828");
    log.push("s829");
    finally! { log.push("f830"); }
    yield_!(831);
    log.push("s832");
    log.push("s833");
    log.push("s834");
    yield_!(835);
    log.push("s836");
    log.push("s837");
    log.push("s838");
    yield_!(839);
    log.push("s840");
    log.push("s841");
    log.push("s842");
    yield_!(843);
    log.push("s844");
    log.push("s845");
    step(&log, 846, fail_at)?;
    yield_!(847);
    log.push("s848");
    log.push("s849");
    finally! { log.push("f850"); }
    yield_!(851);
    log.push("s852");
    log.push("s853");
    log.push("s854");
    yield_!(855);
    log.push("s856");
    log.push("s857");
    log.push("s858");
    yield_!(859);
    log.push("s860");
    log.push("s861");
    log.push("s862");
    yield_!(863);
    log.push("s864");
    log.push("s865");
    step(&log, 866, fail_at)?;
    yield_!(867);
    log.push("s868");
    log.push("s869");
    finally! { log.push("f870"); }
    yield_!(871);
    log.push("s872");
    log.push("s873");
    log.push("s874");
    yield_!(875);
    log.push("s876");
    log.push("s877");
    log.push("s878");
    yield_!(879);
    log.push("s880");
    log.push("s881");
    log.push("s882");
    yield_!(883);
    log.push("s884");
    log.push("s885");
    step(&log, 886, fail_at)?;
    yield_!(887);
    log.push("s888");
    log.push("s889");
    finally! { log.push("f890"); }
    yield_!(891);
    log.push("s892");
    log.push("s893");
    log.push("s894");
    yield_!(895);
    log.push("s896");
    log.push("s897");
    log.push("s898");
    yield_!(899);
    log.push("s900");
    log.push("s901");
    log.push("s902");
    yield_!(903);
    log.push("s904");
    log.push("s905");
    step(&log, 906, fail_at)?;
    yield_!(907);
    log.push("s908");
    log.push("s909");
    finally! { log.push("f910"); }
    yield_!(911);
    log.push("s912");
    log.push("s913");
    log.push("s914");
    yield_!(915);
    log.push("s916");
    log.push("s917");
    log.push("s918");
    yield_!(919);
    log.push("s920");
    log.push("s921");
    log.push("s922");
    yield_!(923);
    log.push("s924");
    log.push("s925");
    step(&log, 926, fail_at)?;
    yield_!(927);
    log.push("s928");
    log.push("s929");
    finally! { log.push("f930"); }
    yield_!(931);
    log.push("s932");
    log.push("s933");
    log.push("s934");
    yield_!(935);
    log.push("s936");
    log.push("s937");
    log.push("s938");
    yield_!(939);
    log.push("s940");
    log.push("s941");
    log.push("s942");
    yield_!(943);
    log.push("s944");
    log.push("s945");
    step(&log, 946, fail_at)?;
    yield_!(947);
    log.push("s948");
    log.push("s949");
    finally! { log.push("f950"); }
    yield_!(951);
    log.push("s952");
    log.push("s953");
    log.push("s954");
    yield_!(955);
    log.push("s956");
    log.push("s957");
    log.push("s958");
    yield_!(959);
    log.push("s960");
    log.push("s961");
    log.push("s962");
    yield_!(963);
    log.push("s964");
    log.push("s965");
    step(&log, 966, fail_at)?;
    yield_!(967);
    log.push("s968");
    log.push("s969");
    finally! { log.push("f970"); }
    yield_!(971);
    log.push("s972");
    log.push("s973");
    log.push("s974");
    yield_!(975);
    log.push("s976");
    log.push("s977");
    log.push("s978");
    yield_!(979);
    log.push("s980");
    log.push("s981");
    log.push("s982");
    yield_!(983);
    log.push("s984");
    log.push("s985");
    step(&log, 986, fail_at)?;
    yield_!(987);
    log.push("s988");
    log.push("s989");
    finally! { log.push("f990"); }
    yield_!(991);
    log.push("s992");
    log.push("s993");
    log.push("s994");
    yield_!(995);
    log.push("s996");
    log.push("s997");
    log.push("s998");
    yield_!(999);
    log.push("s1000");
    log.push("s1001");
    log.push("s1002");
    yield_!(1003);
    log.push("s1004");
    log.push("s1005");
    step(&log, 1006, fail_at)?;
    yield_!(1007);
    log.push("s1008");
    log.push("s1009");
    finally! { log.push("f1010"); }
    yield_!(1011);
    log.push("s1012");
    log.push("s1013");
    log.push("s1014");
    yield_!(1015);
    log.push("s1016");
    log.push("s1017");
    log.push("s1018");
    yield_!(1019);
    log.push("s1020");
    log.push("s1021");
    log.push("s1022");
    yield_!(1023);
    log.push("s1024");
    log.push("s1025");
    step(&log, 1026, fail_at)?;
    yield_!(1027);
    log.push("s1028");
    log.push("s1029");
    finally! { log.push("f1030"); }
    yield_!(1031);
    log.push("s1032");
    log.push("s1033");
    log.push("s1034");
    yield_!(1035);
    log.push("s1036");
    log.push("s1037");
    log.push("s1038");
    yield_!(1039);
    log.push("s1040");
    log.push("s1041");
    log.push("s1042");
    yield_!(1043);
    log.push("s1044");
    log.push("s1045");
    step(&log, 1046, fail_at)?;
    yield_!(1047);
    log.push("s1048");
    log.push("s1049");
    finally! { log.push("f1050"); }
    yield_!(1051);
    log.push("s1052");
    log.push("s1053");
    log.push("s1054");
    yield_!(1055);
    log.push("s1056");
    log.push("s1057");
    log.push("s1058");
    yield_!(1059);
    log.push("s1060");
    log.push("s1061");
    log.push("s1062");
    yield_!(1063);
    log.push("s1064");
    log.push("s1065");
    step(&log, 1066, fail_at)?;
    yield_!(1067);
    log.push("s1068");
    log.push("s1069");
    finally! { log.push("f1070"); }
    yield_!(1071);
    log.push("s1072");
    log.push("s1073");
    log.push("s1074");
    yield_!(1075);
    log.push("s1076");
    log.push("s1077");
    log.push("s1078");
    yield_!(1079);
    log.push("s1080");
    log.push("s1081");
    log.push("s1082");
    yield_!(1083);
    log.push("s1084");
    log.push("s1085");
    step(&log, 1086, fail_at)?;
    yield_!(1087);
    log.push("s1088");
    log.push("s1089");
    finally! { log.push("f1090"); }
    yield_!(1091);
    log.push("s1092");
    log.push("s1093");
    log.push("s1094");
    yield_!(1095);
    log.push("s1096");
    log.push("s1097");
    log.push("s1098");
    yield_!(1099);
    log.push("s1100");
    log.push("s1101");
    log.push("s1102");
    yield_!(1103);
    log.push("s1104");
    log.push("s1105");
    step(&log, 1106, fail_at)?;
    yield_!(1107);
    log.push("s1108");
    log.push("s1109");
    finally! { log.push("f1110"); }
    yield_!(1111);
    log.push("s1112");
    log.push("s1113");
    log.push("s1114");
    yield_!(1115);
    log.push("s1116");
    log.push("s1117");
    log.push("s1118");
    yield_!(1119);
    log.push("s1120");
    log.push("s1121");
    log.push("s1122");
    yield_!(1123);
    log.push("s1124");
    log.push("s1125");
    step(&log, 1126, fail_at)?;
    yield_!(1127);
    log.push("s1128");
    log.push("s1129");
    finally! { log.push("f1130"); }
    yield_!(1131);
    log.push("s1132");
    log.push("s1133");
    log.push("s1134");
    yield_!(1135);
    log.push("s1136");
    log.push("s1137");
    log.push("s1138");
    yield_!(1139);
    log.push("s1140");
    log.push("s1141");
    log.push("s1142");
    yield_!(1143);
    log.push("s1144");
    log.push("s1145");
    step(&log, 1146, fail_at)?;
    yield_!(1147);
    log.push("s1148");
    log.push("s1149");
    finally! { log.push("f1150"); }
    yield_!(1151);
    log.push("s1152");
    log.push("s1153");
    log.push("s1154");
    yield_!(1155);
    log.push("s1156");
    log.push("s1157");
    log.push("s1158");
    yield_!(1159);
    log.push("s1160");
    log.push("s1161");
    log.push("s1162");
    yield_!(1163);
    log.push("s1164");
    log.push("s1165");
    step(&log, 1166, fail_at)?;
    yield_!(1167);
    log.push("s1168");
    log.push("s1169");
    finally! { log.push("f1170"); }
    yield_!(1171);
    log.push("s1172");
    log.push("s1173");
    log.push("s1174");
    yield_!(1175);
    log.push("s1176");
    log.push("s1177");
    log.push("s1178");
    yield_!(1179);
    log.push("s1180");
    log.push("s1181");
    log.push("s1182");
    yield_!(1183);
    log.push("s1184");
    log.push("s1185");
    step(&log, 1186, fail_at)?;
    yield_!(1187);
    log.push("s1188");
    log.push("s1189");
    finally! { log.push("f1190"); }
    yield_!(1191);
    log.push("s1192");
    log.push("s1193");
    log.push("s1194");
    yield_!(1195);
    log.push("s1196");
    log.push("s1197");
    log.push("s1198");
    yield_!(1199);
    log.push("s1200");
    log.push("s1201");
    log.push("s1202");
    yield_!(1203);
    log.push("s1204");
    log.push("s1205");
    step(&log, 1206, fail_at)?;
    yield_!(1207);
    log.push("s1208");
    log.push("s1209");
    finally! { log.push("f1210"); }
    yield_!(1211);
    log.push("s1212");
    log.push("s1213");
    log.push("s1214");
    yield_!(1215);
    log.push("s1216");
    log.push("s1217");
    log.push("s1218");
    yield_!(1219);
    log.push("s1220");
    log.push("s1221");
    log.push("s1222");
    yield_!(1223);
    log.push("s1224");
    log.push("s1225");
    step(&log, 1226, fail_at)?;
    yield_!(1227);
    log.push("s1228");
    log.push("s1229");
    finally! { log.push("f1230"); }
    yield_!(1231);
    log.push("s1232");
    log.push("s1233");
    log.push("s1234");
    yield_!(1235);
    log.push("s1236");
    log.push("s1237");
    log.push("s1238");
    yield_!(1239);
    log.push("s1240");
    log.push("s1241");
    log.push("s1242");
    yield_!(1243);
    log.push("s1244");
    log.push("s1245");
    step(&log, 1246, fail_at)?;
    yield_!(1247);
    log.push("s1248");
    log.push("s1249");
    finally! { log.push("f1250"); }
    yield_!(1251);
    log.push("s1252");
    log.push("s1253");
    log.push("s1254");
    yield_!(1255);
    log.push("s1256");
    log.push("s1257");
    log.push("s1258");
    yield_!(1259);
    log.push("s1260");
    log.push("s1261");
    log.push("s1262");
    yield_!(1263);
    log.push("s1264");
    log.push("s1265");
    step(&log, 1266, fail_at)?;
    yield_!(1267);
    log.push("s1268");
    log.push("s1269");
    finally! { log.push("f1270"); }
    yield_!(1271);
    log.push("s1272");
    log.push("s1273");
    log.push("s1274");
    yield_!(1275);
    log.push("s1276");
    log.push("s1277");
    log.push("s1278");
    yield_!(1279);
    log.push("s1280");
    log.push("s1281");
    log.push("s1282");
    yield_!(1283);
    log.push("s1284");
    log.push("s1285");
    step(&log, 1286, fail_at)?;
    yield_!(1287);
    log.push("s1288");
    log.push("s1289");
    finally! { log.push("f1290"); }
    yield_!(1291);
    log.push("s1292");
    log.push("s1293");
    log.push("s1294");
    yield_!(1295);
    log.push("s1296");
    log.push("s1297");
    log.push("s1298");
    yield_!(1299);
    log.push("s1300");
    log.push("s1301");
    log.push("s1302");
    yield_!(1303);
    log.push("s1304");
    log.push("s1305");
    step(&log, 1306, fail_at)?;
    yield_!(1307);
    log.push("s1308");
    log.push("s1309");
    finally! { log.push("f1310"); }
    yield_!(1311);
    log.push("s1312");
    log.push("s1313");
    log.push("s1314");
    yield_!(1315);
    log.push("s1316");
    log.push("s1317");
    log.push("s1318");
    yield_!(1319);
    log.push("s1320");
    log.push("s1321");
    log.push("s1322");
    yield_!(1323);
    log.push("s1324");
    log.push("s1325");
    step(&log, 1326, fail_at)?;
    yield_!(1327);
    log.push("s1328");
    log.push("s1329");
    finally! { log.push("f1330"); }
    yield_!(1331);
    log.push("s1332");
    log.push("s1333");
    log.push("s1334");
    yield_!(1335);
    log.push("s1336");
    log.push("s1337");
    log.push("s1338");
    yield_!(1339);
    log.push("s1340");
    log.push("s1341");
    log.push("s1342");
    yield_!(1343);
    log.push("s1344");
    log.push("s1345");
    step(&log, 1346, fail_at)?;
    yield_!(1347);
    log.push("s1348");
    log.push("s1349");
    finally! { log.push("f1350"); }
    yield_!(1351);
    log.push("s1352");
    log.push("s1353");
    log.push("s1354");
    yield_!(1355);
    log.push("s1356");
    log.push("s1357");
    log.push("s1358");
    yield_!(1359);
    log.push("s1360");
    log.push("s1361");
    log.push("s1362");
    yield_!(1363);
    log.push("s1364");
    log.push("s1365");
    step(&log, 1366, fail_at)?;
    yield_!(1367);
    log.push("s1368");
    log.push("s1369");
    finally! { log.push("f1370"); }
    yield_!(1371);
    log.push("s1372");
    log.push("s1373");
    log.push("s1374");
    yield_!(1375);
    log.push("s1376");
    log.push("s1377");
    log.push("s1378");
    yield_!(1379);
    log.push("s1380");
    log.push("s1381");
    log.push("s1382");
    yield_!(1383);
    log.push("s1384");
    log.push("s1385");
    step(&log, 1386, fail_at)?;
    yield_!(1387);
    log.push("s1388");
    log.push("s1389");
    finally! { log.push("f1390"); }
    yield_!(1391);
    log.push("s1392");
    log.push("s1393");
    log.push("s1394");
    yield_!(1395);
    log.push("s1396");
    log.push("s1397");
    log.push("s1398");
    yield_!(1399);
    log.push("s1400");
    log.push("s1401");
    log.push("s1402");
    yield_!(1403);
    log.push("s1404");
    log.push("s1405");
    step(&log, 1406, fail_at)?;
    yield_!(1407);
    log.push("s1408");
    log.push("s1409");
    finally! { log.push("f1410"); }
    yield_!(1411);
    log.push("s1412");
    log.push("s1413");
    log.push("s1414");
    yield_!(1415);
    log.push("s1416");
    log.push("s1417");
    log.push("s1418");
    yield_!(1419);
    log.push("s1420");
    log.push("s1421");
    log.push("s1422");
    yield_!(1423);
    log.push("s1424");
    log.push("s1425");
    step(&log, 1426, fail_at)?;
    yield_!(1427);
    log.push("s1428");
    log.push("s1429");
    finally! { log.push("f1430"); }
    yield_!(1431);
    log.push("s1432");
    log.push("s1433");
    log.push("s1434");
    yield_!(1435);
    log.push("s1436");
    log.push("s1437");
    log.push("s1438");
    yield_!(1439);
    log.push("s1440");
    log.push("s1441");
    log.push("s1442");
    yield_!(1443);
    log.push("s1444");
    log.push("s1445");
    step(&log, 1446, fail_at)?;
    yield_!(1447);
    log.push("s1448");
    log.push("s1449");
    finally! { log.push("f1450"); }
    yield_!(1451);
    log.push("s1452");
    log.push("s1453");
    log.push("s1454");
    yield_!(1455);
    log.push("s1456");
    log.push("s1457");
    log.push("s1458");
    yield_!(1459);
    log.push("s1460");
    log.push("s1461");
    log.push("s1462");
    yield_!(1463);
    log.push("s1464");
    log.push("s1465");
    step(&log, 1466, fail_at)?;
    yield_!(1467);
    log.push("s1468");
    log.push("s1469");
    finally! { log.push("f1470"); }
    yield_!(1471);
    log.push("s1472");
    log.push("s1473");
    log.push("s1474");
    yield_!(1475);
    log.push("s1476");
    log.push("s1477");
    log.push("s1478");
    yield_!(1479);
    log.push("s1480");
    log.push("s1481");
    log.push("s1482");
    yield_!(1483);
    log.push("s1484");
    log.push("s1485");
    step(&log, 1486, fail_at)?;
    yield_!(1487);
    log.push("s1488");
    log.push("s1489");
    finally! { log.push("f1490"); }
    yield_!(1491);
    log.push("s1492");
    log.push("s1493");
    log.push("s1494");
    yield_!(1495);
    log.push("s1496");
    log.push("s1497");
    log.push("s1498");
    yield_!(1499);
    log.push("s1500");
    log.push("s1501");
    log.push("s1502");
    yield_!(1503);
    log.push("s1504");
    log.push("s1505");
    step(&log, 1506, fail_at)?;
    yield_!(1507);
    log.push("s1508");
    log.push("s1509");
    finally! { log.push("f1510"); }
    yield_!(1511);
    log.push("s1512");
    log.push("s1513");
    log.push("s1514");
    yield_!(1515);
    log.push("s1516");
    log.push("s1517");
    log.push("s1518");
    yield_!(1519);
    log.push("s1520");
    log.push("s1521");
    log.push("s1522");
    yield_!(1523);
    log.push("s1524");
    log.push("s1525");
    step(&log, 1526, fail_at)?;
    yield_!(1527);
    log.push("s1528");
    log.push("s1529");
    finally! { log.push("f1530"); }
    yield_!(1531);
    log.push("s1532");
    log.push("s1533");
    log.push("s1534");
    yield_!(1535);
    log.push("s1536");
    log.push("s1537");
    log.push("s1538");
    yield_!(1539);
    log.push("s1540");
    log.push("s1541");
    log.push("s1542");
    yield_!(1543);
    log.push("s1544");
    log.push("s1545");
    step(&log, 1546, fail_at)?;
    yield_!(1547);
    log.push("s1548");
    log.push("s1549");
    finally! { log.push("f1550"); }
    yield_!(1551);
    log.push("s1552");
    log.push("s1553");
    log.push("s1554");
    yield_!(1555);
    log.push("s1556");
    log.push("s1557");
    log.push("s1558");
    yield_!(1559);
    log.push("s1560");
    log.push("s1561");
    log.push("s1562");
    yield_!(1563);
    log.push("s1564");
    log.push("s1565");
    step(&log, 1566, fail_at)?;
    yield_!(1567);
    log.push("s1568");
    log.push("s1569");
    finally! { log.push("f1570"); }
    yield_!(1571);
    log.push("s1572");
    log.push("s1573");
    log.push("s1574");
    yield_!(1575);
    log.push("s1576");
    log.push("s1577");
    log.push("s1578");
    yield_!(1579);
    log.push("s1580");
    log.push("s1581");
    log.push("s1582");
    yield_!(1583);
    log.push("s1584");
    log.push("s1585");
    step(&log, 1586, fail_at)?;
    yield_!(1587);
    log.push("s1588");
    log.push("s1589");
    finally! { log.push("f1590"); }
    yield_!(1591);
    log.push("s1592");
    log.push("s1593");
    log.push("s1594");
    yield_!(1595);
    log.push("s1596");
    log.push("s1597");
    log.push("s1598");
    yield_!(1599);
    log.push("s1600");
    log.push("s1601");
    log.push("s1602");
    yield_!(1603);
    log.push("s1604");
    log.push("s1605");
    step(&log, 1606, fail_at)?;
    yield_!(1607);
    log.push("s1608");
    log.push("s1609");
    finally! { log.push("f1610"); }
    yield_!(1611);
    log.push("s1612");
    log.push("s1613");
    log.push("s1614");
    yield_!(1615);
    log.push("s1616");
    log.push("s1617");
    log.push("s1618");
    yield_!(1619);
    log.push("s1620");
    log.push("s1621");
    log.push("s1622");
    yield_!(1623);
    log.push("s1624");
    log.push("s1625");
    step(&log, 1626, fail_at)?;
    yield_!(1627);
    log.push("s1628");
    log.push("s1629");
    finally! { log.push("f1630"); }
    yield_!(1631);
    log.push("s1632");
    log.push("s1633");
    log.push("s1634");
    yield_!(1635);
    log.push("s1636");
    log.push("s1637");
    log.push("s1638");
    yield_!(1639);
    log.push("s1640");
    log.push("s1641");
    log.push("s1642");
    yield_!(1643);
    log.push("s1644");
    log.push("s1645");
    step(&log, 1646, fail_at)?;
    yield_!(1647);
    log.push("s1648");
    log.push("s1649");
    finally! { log.push("f1650"); }
    yield_!(1651);
    log.push("s1652");
    log.push("s1653");
    log.push("s1654");
    yield_!(1655);
    log.push("s1656");
    log.push("s1657");
    log.push("s1658");
    yield_!(1659);
    log.push("s1660");
    log.push("s1661");
    log.push("s1662");
    yield_!(1663);
    log.push("s1664");
    log.push("s1665");
    step(&log, 1666, fail_at)?;
    yield_!(1667);
    log.push("s1668");
    log.push("s1669");
    finally! { log.push("f1670"); }
    yield_!(1671);
    log.push("s1672");
    log.push("s1673");
    log.push("s1674");
    yield_!(1675);
    log.push("s1676");
    log.push("s1677");
    log.push("s1678");
    yield_!(1679);
    log.push("s1680");
    log.push("s1681");
    log.push("s1682");
    yield_!(1683);
    log.push("s1684");
    log.push("s1685");
    step(&log, 1686, fail_at)?;
    yield_!(1687);
    log.push("s1688");
    log.push("s1689");
    finally! { log.push("f1690"); }
    yield_!(1691);
    log.push("s1692");
    log.push("s1693");
    log.push("s1694");
    yield_!(1695);
    log.push("s1696");
    log.push("s1697");
    log.push("s1698");
    yield_!(1699);
    log.push("s1700");
    log.push("s1701");
    log.push("s1702");
    yield_!(1703);
    log.push("s1704");
    log.push("s1705");
    step(&log, 1706, fail_at)?;
    yield_!(1707);
    log.push("s1708");
    log.push("s1709");
    finally! { log.push("f1710"); }
    yield_!(1711);
    log.push("s1712");
    log.push("s1713");
    log.push("s1714");
    yield_!(1715);
    log.push("s1716");
    log.push("s1717");
    log.push("s1718");
    yield_!(1719);
    log.push("s1720");
    log.push("s1721");
    log.push("s1722");
    yield_!(1723);
    log.push("s1724");
    log.push("s1725");
    step(&log, 1726, fail_at)?;
    yield_!(1727);
    log.push("s1728");
    log.push("s1729");
    finally! { log.push("f1730"); }
    yield_!(1731);
    log.push("s1732");
    log.push("s1733");
    log.push("s1734");
    yield_!(1735);
    log.push("s1736");
    log.push("s1737");
    log.push("s1738");
    yield_!(1739);
    log.push("s1740");
    log.push("s1741");
    log.push("s1742");
    yield_!(1743);
    log.push("s1744");
    log.push("s1745");
    step(&log, 1746, fail_at)?;
    yield_!(1747);
    log.push("s1748");
    log.push("s1749");
    finally! { log.push("f1750"); }
    yield_!(1751);
    log.push("s1752");
    log.push("s1753");
    log.push("s1754");
    yield_!(1755);
    log.push("s1756");
    log.push("s1757");
    log.push("s1758");
    yield_!(1759);
    log.push("s1760");
    log.push("s1761");
    log.push("s1762");
    yield_!(1763);
    log.push("s1764");
    log.push("s1765");
    step(&log, 1766, fail_at)?;
    yield_!(1767);
    log.push("s1768");
    log.push("s1769");
    finally! { log.push("f1770"); }
    yield_!(1771);
    log.push("s1772");
    log.push("s1773");
    log.push("s1774");
    yield_!(1775);
    log.push("s1776");
    log.push("s1777");
    log.push("s1778");
    yield_!(1779);
    log.push("s1780");
    log.push("s1781");
    log.push("s1782");
    yield_!(1783);
    log.push("s1784");
    log.push("s1785");
    step(&log, 1786, fail_at)?;
    yield_!(1787);
    log.push("s1788");
    log.push("s1789");
    finally! { log.push("f1790"); }
    yield_!(1791);
    log.push("s1792");
    log.push("s1793");
    log.push("s1794");
    yield_!(1795);
    log.push("s1796");
    log.push("s1797");
    log.push("s1798");
    yield_!(1799);
    log.push("s1800");
    log.push("s1801");
    log.push("s1802");
    yield_!(1803);
    log.push("s1804");
    log.push("s1805");
    step(&log, 1806, fail_at)?;
    yield_!(1807);
    log.push("s1808");
    log.push("s1809");
    finally! { log.push("f1810"); }
    yield_!(1811);
    log.push("s1812");
    log.push("s1813");
    log.push("s1814");
    yield_!(1815);
    log.push("s1816");
    log.push("s1817");
    log.push("s1818");
    yield_!(1819);
    log.push("s1820");
    log.push("s1821");
    log.push("s1822");
    yield_!(1823);
    log.push("s1824");
    log.push("s1825");
    step(&log, 1826, fail_at)?;
    yield_!(1827);
    log.push("s1828");
    log.push("s1829");
    finally! { log.push("f1830"); }
    yield_!(1831);
    log.push("s1832");
    log.push("s1833");
    log.push("s1834");
    yield_!(1835);
    log.push("s1836");
    log.push("s1837");
    log.push("s1838");
    yield_!(1839);
    log.push("s1840");
    log.push("s1841");
    log.push("s1842");
    yield_!(1843);
    log.push("s1844");
    log.push("s1845");
    step(&log, 1846, fail_at)?;
    yield_!(1847);
    log.push("s1848");
    log.push("s1849");
    finally! { log.push("f1850"); }
    yield_!(1851);
    log.push("s1852");
    log.push("s1853");
    log.push("s1854");
    yield_!(1855);
    log.push("s1856");
    log.push("s1857");
    log.push("s1858");
    yield_!(1859);
    log.push("s1860");
    log.push("s1861");
    log.push("s1862");
    yield_!(1863);
    log.push("s1864");
    log.push("s1865");
    step(&log, 1866, fail_at)?;
    yield_!(1867);
    log.push("s1868");
    log.push("s1869");
    finally! { log.push("f1870"); }
    yield_!(1871);
    log.push("s1872");
    log.push("s1873");
    log.push("s1874");
    yield_!(1875);
    log.push("s1876");
    log.push("s1877");
    log.push("s1878");
    yield_!(1879);
    log.push("s1880");
    log.push("s1881");
    log.push("s1882");
    yield_!(1883);
    log.push("s1884");
    log.push("s1885");
    step(&log, 1886, fail_at)?;
    yield_!(1887);
    log.push("s1888");
    log.push("s1889");
    finally! { log.push("f1890"); }
    yield_!(1891);
    log.push("s1892");
    log.push("s1893");
    log.push("s1894");
    yield_!(1895);
    log.push("s1896");
    log.push("s1897");
    log.push("s1898");
    yield_!(1899);
    log.push("s1900");
    log.push("s1901");
    log.push("s1902");
    yield_!(1903);
    log.push("s1904");
    log.push("s1905");
    step(&log, 1906, fail_at)?;
    yield_!(1907);
    log.push("s1908");
    log.push("s1909");
    finally! { log.push("f1910"); }
    yield_!(1911);
    log.push("s1912");
    log.push("s1913");
    log.push("s1914");
    yield_!(1915);
    log.push("s1916");
    log.push("s1917");
    log.push("s1918");
    yield_!(1919);
    log.push("s1920");
    log.push("s1921");
    log.push("s1922");
    yield_!(1923);
    log.push("s1924");
    log.push("s1925");
    step(&log, 1926, fail_at)?;
    yield_!(1927);
    log.push("s1928");
    log.push("s1929");
    finally! { log.push("f1930"); }
    yield_!(1931);
    log.push("s1932");
    log.push("s1933");
    log.push("s1934");
    yield_!(1935);
    log.push("s1936");
    log.push("s1937");
    log.push("s1938");
    yield_!(1939);
    log.push("s1940");
    log.push("s1941");
    log.push("s1942");
    yield_!(1943);
    log.push("s1944");
    log.push("s1945");
    step(&log, 1946, fail_at)?;
    yield_!(1947);
    log.push("s1948");
    log.push("s1949");
    finally! { log.push("f1950"); }
    yield_!(1951);
    log.push("s1952");
    log.push("s1953");
    log.push("s1954");
    yield_!(1955);
    log.push("s1956");
    log.push("s1957");
    log.push("s1958");
    yield_!(1959);
    log.push("s1960");
    log.push("s1961");
    log.push("s1962");
    yield_!(1963);
    log.push("s1964");
    log.push("s1965");
    step(&log, 1966, fail_at)?;
    yield_!(1967);
    log.push("s1968");
    log.push("s1969");
    finally! { log.push("f1970"); }
    yield_!(1971);
    log.push("s1972");
    log.push("s1973");
    log.push("s1974");
    yield_!(1975);
    log.push("s1976");
    log.push("s1977");
    log.push("s1978");
    yield_!(1979);
    log.push("s1980");
    log.push("s1981");
    log.push("s1982");
    yield_!(1983);
    log.push("s1984");
    log.push("s1985");
    step(&log, 1986, fail_at)?;
    yield_!(1987);
    log.push("s1988");
    log.push("s1989");
    finally! { log.push("f1990"); }
    yield_!(1991);
    log.push("s1992");
    log.push("s1993");
    log.push("s1994");
    yield_!(1995);
    log.push("s1996");
    log.push("s1997");
    log.push("s1998");
    yield_!(1999);

    Ok(())
}

/// What [`long_body`] and [`drain`] log through statement `last`.
fn long_events(last: u32) -> Vec<String> {
    let events = (0..=last).filter_map(|i| match kind(i) {
        Kind::Yield => Some(format!("got Ok({i})")),
        Kind::Finally => None,
        Kind::Step => Some(format!("step{i}")),
        Kind::Push => Some(format!("s{i}")),
    });
    events.collect()
}

/// The cleanups armed through statement `last`, innermost first.
fn long_cleanups(last: u32) -> impl Iterator<Item = String> {
    let armed = (0..=last).filter(|&i| kind(i) == Kind::Finally);
    armed.rev().map(|i| format!("f{i}"))
}

const STATEMENTS: u32 = 2000;

#[tokio::test]
async fn a_long_body_drained_runs_its_cleanups_innermost_first() {
    let log = Log::new();
    drain(&log, long_body(log.clone(), None)).await;
    let mut expected = long_events(STATEMENTS - 1);
    expected.extend(long_cleanups(STATEMENTS - 1));
    expected.push("got None".to_owned());
    assert_events(log.take(), expected);
}

#[tokio::test]
async fn question_mark_in_a_long_body_runs_the_armed_cleanups_innermost_first() {
    let log = Log::new();
    drain(&log, long_body(log.clone(), Some(1006))).await;
    let mut expected = long_events(1006);
    expected.extend(long_cleanups(1006));
    expected.extend([
        "got Err(\"failed at 1006\")".to_owned(),
        "got None".to_owned(),
    ]);
    assert_events(log.take(), expected);
}

#[tokio::test]
async fn close_of_a_long_body_runs_the_armed_cleanups_innermost_first() {
    let log = Log::new();
    let mut g = pin!(long_body(log.clone(), None));
    for item in 0..250 {
        let i = item * 4 + 3;
        assert_eq!(g.next().await, Some(Ok(i)));
        log.push(format!("got Ok({i})"));
    }
    assert_eq!(g.as_mut().close().await, Ok(()));
    log.push("close returned");
    assert!(g.is_finished());
    let mut expected = long_events(999);
    expected.extend(long_cleanups(999));
    expected.push("close returned".to_owned());
    assert_events(log.take(), expected);
}
