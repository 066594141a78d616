using Scanner.Core.Loading;
using Scanner.Core.Loading.Css;

namespace Scanner.Core.Tests.Loading;

/// <summary>What our CSS reader makes of the declarations and sheets injectors and real pages write (issue 20).</summary>
public sealed class CssReaderTests
{
    [Theory]
    [InlineData("display:none", "display=none")]
    [InlineData("DISPLAY : NONE !IMPORTANT", "display=none!")]
    [InlineData("display:none ! important", "display=none!")]
    [InlineData("display:none!important;display:block", "display=none!")] // a later normal one does not beat !important
    [InlineData("display:block;display:none", "display=none")]
    [InlineData("display:none;display:inline9", "display=none")] // an invalid value is dropped, not applied
    [InlineData("display:none;*display:inline", "display=none")] // an IE hack's property is no property
    [InlineData("position:absolute;left:-9999", "position=absolute")] // unitless outside quirks mode
    [InlineData("left:-9999px;top:-9999em", "left=-9999px top=-9999em")]
    [InlineData("margin:-2000px 0", "margin-top=-2000px margin-left=0")]
    [InlineData("margin:1px 2px 3px -999px", "margin-top=1px margin-left=-999px")]
    [InlineData("margin:1px 2px 3px 4px 5px", "")]
    [InlineData("font:0/0 a", "font-size=0")]
    [InlineData("font:bold 12px/1.5 \"Microsoft YaHei\", \\5b8b\\4f53, sans-serif", "font-size=12px")]
    [InlineData("font:16px/10px \"Verdana\" \"Lucida Console\"", "")] // two names without a comma: no font
    [InlineData("font:menu", "font-size=medium")]
    [InlineData("inset:-999px auto auto -999px", "top=-999px left=-999px")]
    [InlineData("all:unset", "display=unset visibility=unset opacity=unset position=unset left=unset top=unset margin-left=unset margin-top=unset text-indent=unset font-size=unset width=unset height=unset max-width=unset max-height=unset overflow=unset overflow-x=unset overflow-y=unset clip=unset clip-path=unset color=unset transform=unset")]
    [InlineData("color:#fff0", "color=rgba(255, 255, 255, 0)")]
    [InlineData("color:transparent", "color=rgba(0, 0, 0, 0)")]
    [InlineData("color:rgba(0,0,0,.05)", "color=rgba(0, 0, 0, 0.05)")]
    [InlineData("color:rgb(0 0 0 / 0%)", "color=rgba(0, 0, 0, 0)")]
    [InlineData("color:hsla(120, 100%, 50%, 0)", "color=rgba(0, 255, 0, 0)")]
    [InlineData("color:#ggg", "")]
    [InlineData("opacity:0%", "opacity=0")]
    [InlineData("width:1px\\9", "")]
    [InlineData("width:var(--w)", "width=var(--w)")]
    [InlineData("/* display:none */ color:red; background:url(a;b.png); height:0", "color=red height=0")]
    [InlineData("padding:0; .nested { display:none } height:1px", "height=1px")] // a nested rule is not the element's own
    public void Reads_declarations_as_a_browser_does(string css, string expected) =>
        Assert.Equal(expected, string.Join(' ', CssDeclarations.Of(css).Select(d => $"{d.Name}={d.Value}{(d.Important ? "!" : "")}")));

    [Theory]
    [InlineData(".a{display:none}", ".a")]
    [InlineData("<!-- .a{display:none} -->", ".a")] // an old page's comment markers
    [InlineData("@media print{.p{display:none}}@media screen{.s{display:none}}@media (max-width:600px){.w{display:none}}", ".s")]
    [InlineData("@supports (display:grid){.g{display:none}}@font-face{font-family:x;src:url(a{b}.woff)}.a{display:none}", ".g .a")]
    [InlineData("@import url(x.css);.a{padding:0}.b{display:none}", ".b")]
    [InlineData(".a{display:none", ".a")] // a block the text never closes ends with it
    [InlineData(".x } .a{display:none} .b{display:none}", ".b")] // a stray brace joins the next prelude: that rule is dropped
    [InlineData(".a&gt;\n.c{display:none} .b{display:none}", ".b")] // a ';' inside a prelude: no selector
    [InlineData("[title='{'] {display:none} .b{display:none}", "[title=\"\\7b\"] .b")]
    [InlineData(".a::before{display:none} .b:hover{display:none}", ".b:hover")]
    [InlineData(".a{content:'open\n} .b{display:none}", ".b")] // a bad string ends at the line break, not at the sheet's end
    public void Reads_sheets_as_a_browser_does(string css, string selectors) =>
        Assert.Equal(selectors, string.Join(' ', CssVisibility.HidingRules(css).Select(r => r.SelectorText)));

    [Fact]
    public void A_deeply_nested_or_unclosed_sheet_is_read_in_one_pass()
    {
        var css = new string('(', 200_000) + "{" + new string('[', 200_000) + ".a{display:none}";
        Assert.Empty(CssVisibility.HidingRules(css));
        Assert.Equal(".b", string.Join(' ', CssVisibility.HidingRules(new string('{', 100) + "}" + new string('}', 99) + " .b{display:none}").Select(r => r.SelectorText)));
    }
}
