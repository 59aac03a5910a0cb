using System.Collections.Generic;
using System.Linq;

namespace ModelGen.Compiler.Ir
{
    /// <summary>What a node reads: its inputs, and the values of enclosing scopes that nodes of its bodies read (captures).</summary>
    public static class Captures
    {
        /// <summary>The node's inputs followed by its captures, without duplicates.</summary>
        public static IEnumerable<Value> Reads(Node n) =>
            n.Inputs.Where(i => i != null).Select(i => i!).Concat(Of(n)).Distinct();

        /// <summary>Values defined outside <paramref name="n"/>'s bodies that nodes or outputs of those bodies read.</summary>
        public static IEnumerable<Value> Of(Node n)
        {
            var bodies = new HashSet<Graph>(n.Subgraphs.SelectMany(b => b.Scopes()));
            foreach (var body in bodies)
            {
                foreach (var inner in body.Nodes)
                    foreach (var i in inner.Inputs)
                        if (i != null && i.Scope != null && !bodies.Contains(i.Scope)) yield return i;
                foreach (var o in body.Outputs)
                    if (o.Scope != null && !bodies.Contains(o.Scope)) yield return o;
            }
        }
    }
}
