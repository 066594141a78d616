using System.Text;
using AngleSharp.Dom;

namespace Scanner.Core.Loading;

/// <summary>
/// An element's <c>textContent</c> (its descendant text nodes joined in document order), as AngleSharp's
/// <c>TextContent</c> gives it, without AngleSharp's process-wide <c>StringBuilderPool</c>: that pool takes a lock on
/// every read, and with two pages walked at once the static scan spent about a sixth of its CPU spinning on it (issue
/// 20, fifth pass). An element with one text child (most links, titles and scripts) returns that node's string as is.
/// </summary>
public static class DomText
{
    [ThreadStatic] private static StringBuilder? _builder;
    [ThreadStatic] private static Stack<(INode Parent, int Next)>? _stack;

    public static string Of(INode node)
    {
        var children = node.ChildNodes;
        if (children.Length == 0) return "";
        if (children.Length == 1 && children[0] is IText only) return only.Data;
        var text = _builder ??= new StringBuilder();
        var stack = _stack ??= new Stack<(INode, int)>();
        text.Clear();
        stack.Clear();
        // Depth-first with an explicit stack (no recursion on a hostile nesting), each child list read by index.
        stack.Push((node, 0));
        while (stack.Count > 0)
        {
            var (parent, next) = stack.Pop();
            var list = parent.ChildNodes;
            for (var i = next; i < list.Length; i++)
            {
                var child = list[i];
                if (child is IText t) text.Append(t.Data);
                else if (child.HasChildNodes)
                {
                    stack.Push((parent, i + 1));
                    stack.Push((child, 0));
                    break;
                }
            }
        }
        var result = text.ToString();
        if (text.Capacity > 1 << 20) _builder = null; // one huge page does not pin a huge buffer on the thread
        return result;
    }
}
