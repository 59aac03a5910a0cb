using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Planning;

namespace ModelGen.Compiler.Emit
{
    /// <summary>
    /// The named locals of one emitted method: one per tensor or weight it touches, declared at the top with a
    /// comment naming the ONNX value and its shape. Graph inputs and outputs use the parameters; tensors whose size
    /// (or, for shape values, whose contents) depend on run-time dims are fetched where used instead, since those
    /// dims are set while the method runs.
    /// </summary>
    internal sealed class Locals
    {
        private readonly ModelLayout _m;
        private readonly bool _loadTime;
        private readonly HashSet<string> _used;
        private readonly Dictionary<Value, string> _names = new Dictionary<Value, string>();

        public Locals(ModelLayout m, HashSet<string> reserved, bool loadTime = false)
        {
            _m = m;
            _loadTime = loadTime;
            _used = new HashSet<string>(reserved, System.StringComparer.Ordinal);
        }

        public void Declare(CodeWriter w, IEnumerable<Value> values)
        {
            foreach (var v in values.Distinct())
            {
                if (_names.ContainsKey(v) || IsLate(v) || _m.Parameters.ContainsKey(v)) continue;
                string name = Identifiers.Camel(v.Name);
                for (int k = 2; !_used.Add(name); k++) name = Identifiers.Camel(v.Name) + k.ToString(System.Globalization.CultureInfo.InvariantCulture);
                _names[v] = name;
                string t = ElementTypes.CSharpName(v.Type)!;
                string? storage = _m.Storage.Of(v, _loadTime);
                bool writable = storage != null && _m.Storage.IsWritable(v, _loadTime);
                string span = (writable ? "global::System.Span<" : "global::System.ReadOnlySpan<") + t + "> ";
                string comment = " // '" + v.Name.Replace("\n", " ") + "' " + ElementTypes.OnnxName(v.Type) + v.Shape + Where(v);
                w.Line(span + name + " = " + (storage ?? SymbolicElements(_m, v)) + ";" + comment);
            }
        }

        /// <summary>The local's name, or the storage expression of a value fetched where it is used.</summary>
        public string Expression(Value v)
        {
            if (_names.TryGetValue(v, out var name)) return name;
            return _m.Storage.Of(v, _loadTime) ?? SymbolicElements(_m, v);
        }

        /// <summary>Values whose span (or contents) depend on run-time dims: not declared up front.</summary>
        private static bool IsLate(Value v) =>
            MemoryPlanner.HasRuntimeDims(v) || (v.Symbolic != null && v.Symbolic.Elements.Any(e => e.Symbols.Any(Dim.IsRuntimeSymbol)));

        private string Where(Value v)
        {
            var root = _m.Plan.Resolve(v);
            if (root != v) return ", a view of '" + root.Name.Replace("\n", " ") + "'";
            if (v.Symbolic != null) return " = " + v.Symbolic;
            return "";
        }

        /// <summary>A stackalloc of a symbolic constant's elements over the bound dims: "stackalloc long[] { (long)(_dimN), 3L }".</summary>
        public static string SymbolicElements(ModelLayout m, Value v)
        {
            string t = ElementTypes.CSharpName(v.Type)!;
            var items = v.Symbolic!.Elements.Select(e => e.IsStatic ? Literals.Element(v.Type, e.Value, e.Value) : "(" + t + ")" + m.Symbols.Expression(e));
            return "stackalloc " + t + "[] { " + string.Join(", ", items) + " }";
        }
    }
}
