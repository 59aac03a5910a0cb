using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Expressions;

namespace ModelGen.Compiler.Emit.Cpu
{
    /// <summary>
    /// The private structs that carry elementwise functions into the generic runtime loops: one per distinct
    /// expression signature, named after the first op that uses it ("ReluFn", "ReluFn0"), implementing
    /// ModelGen.Runtime.Kernels.IMapN (scalar) or IVectorMapN (scalar plus Vector128/256/512 bodies), e.g. "ReluFn".
    /// </summary>
    internal sealed class ExpressionStructs
    {
        private readonly Dictionary<string, Entry> _bySignature = new Dictionary<string, Entry>(System.StringComparer.Ordinal);
        private readonly List<Entry> _ordered = new List<Entry>();
        private readonly HashSet<string> _names = new HashSet<string>(System.StringComparer.Ordinal);

        private sealed class Entry
        {
            public Entry(string name, BoundExpr expr, int arity, bool vector)
            {
                Name = name;
                Expr = expr;
                Arity = arity;
                IsVector = vector;
            }

            public string Name { get; }
            public BoundExpr Expr { get; }
            public int Arity { get; }
            public bool IsVector { get; }
        }

        public int Count => _ordered.Count;

        /// <summary>The struct for <paramref name="expr"/> over <paramref name="arity"/> inputs; whether it has vector bodies.</summary>
        public (string Name, bool IsVector) For(BoundExpr expr, int arity, string opType)
        {
            string key = expr.Signature + "/" + arity;
            if (!_bySignature.TryGetValue(key, out var e))
            {
                // "ReluFn": a suffix no model member or common user member has (a user's [OnnxModel] class may declare an Add method).
                string stem = Identifiers.Pascal(opType) + "Fn";
                string name = stem;
                for (int i = 0; !_names.Add(name); i++) name = stem + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                // The runtime has vector loops for one and two inputs (IVectorMap1/2); three-input maps (Clip with both bounds) run scalar.
                bool vector = arity <= 2 && ScalarCode.IsVectorizable(expr) && Enumerable.Range(0, arity).All(i => ArgType(expr, i) == expr.Type);
                e = new Entry(name, expr, arity, vector);
                _bySignature[key] = e;
                _ordered.Add(e);
            }
            return (e.Name, e.IsVector);
        }

        /// <summary>The element type of argument <paramref name="index"/>, as the expression uses it.</summary>
        public static ElementType ArgType(BoundExpr expr, int index) =>
            expr.Walk().FirstOrDefault(x => x.IsArg && x.ArgIndex == index)?.Type ?? expr.Type;

        public void Write(CodeWriter w)
        {
            foreach (var e in _ordered)
            {
                var types = Enumerable.Range(0, e.Arity).Select(i => ElementTypes.CSharpName(ArgType(e.Expr, i))!).ToList();
                string result = ElementTypes.CSharpName(e.Expr.Type)!;
                var names = Identifiers.Unique(Enumerable.Range(0, e.Arity).Select(i => Identifiers.Camel(ArgName(e.Expr, i))));
                string Param(int i) => names[i];
                w.Line("/// <summary>y = " + ClassShellEmitter.Xml(e.Expr.Text) + "</summary>");
                string iface = e.IsVector
                    ? "global::ModelGen.Runtime.Kernels.IVectorMap" + e.Arity + "<" + result + ">"
                    : "global::ModelGen.Runtime.Kernels.IMap" + e.Arity + "<" + string.Join(", ", types.Concat(new[] { result })) + ">";
                w.Open("private readonly struct " + e.Name + " : " + iface);
                string parameters = string.Join(", ", Enumerable.Range(0, e.Arity).Select(i => types[i] + " " + Param(i)));
                w.Line("public static " + result + " Apply(" + parameters + ") => " + ScalarCode.Scalar(e.Expr, Param) + ";");
                if (e.IsVector)
                    foreach (int width in new[] { 128, 256, 512 })
                    {
                        string v = "global::System.Runtime.Intrinsics.Vector" + width + "<" + result + ">";
                        string vparams = string.Join(", ", Enumerable.Range(0, e.Arity).Select(i => v + " " + Param(i)));
                        w.Line("public static " + v + " Apply(" + vparams + ") => " + ScalarCode.Vector(e.Expr, width, Param) + ";");
                    }
                w.Close();
                w.Line();
            }
        }

        private static string ArgName(BoundExpr expr, int index) =>
            expr.Walk().FirstOrDefault(x => x.IsArg && x.ArgIndex == index)?.ArgName ?? "arg" + index;
    }
}
