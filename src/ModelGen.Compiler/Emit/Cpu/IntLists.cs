using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Emit.Cpu
{
    /// <summary>
    /// The int lists kernel calls take (shapes, strides, pads). Static lists are static readonly fields shared by
    /// every call that uses the same list; lists with symbolic dims are per-instance fields filled just before
    /// their call. Neither allocates per call in any build configuration, and neither uses stackalloc, which a call
    /// inside a loop body would repeat on every iteration.
    /// </summary>
    internal sealed class IntLists
    {
        private readonly Dictionary<string, string> _static = new Dictionary<string, string>(System.StringComparer.Ordinal);
        private readonly List<KeyValuePair<string, string>> _staticOrdered = new List<KeyValuePair<string, string>>();
        private readonly List<int> _instanceLengths = new List<int>();

        /// <summary>The field holding static <paramref name="values"/>, created on first use.</summary>
        public string Static(IEnumerable<long> values)
        {
            string body = string.Join(", ", values.Select(Literals.Int));
            if (_static.TryGetValue(body, out var name)) return name;
            name = "s_ints" + _staticOrdered.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            _static[body] = name;
            _staticOrdered.Add(new KeyValuePair<string, string>(name, body));
            return name;
        }

        /// <summary>A new per-instance field for a symbolic list, and the statements that fill it.</summary>
        public string Instance(IReadOnlyList<Dim> values, SymbolNames symbols, List<string> fill)
        {
            string name = "_ints" + _instanceLengths.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            _instanceLengths.Add(values.Count);
            for (int i = 0; i < values.Count; i++) fill.Add(name + "[" + i + "] = " + symbols.Expression(values[i]) + ";");
            return name;
        }

        public int Count => _staticOrdered.Count + _instanceLengths.Count;

        public void Write(CodeWriter w)
        {
            foreach (var f in _staticOrdered)
                w.Line("private static readonly int[] " + f.Key + " = " + (f.Value.Length == 0 ? "global::System.Array.Empty<int>()" : "new int[] { " + f.Value + " }") + ";");
            for (int i = 0; i < _instanceLengths.Count; i++)
                w.Line("private readonly int[] _ints" + i + " = new int[" + _instanceLengths[i] + "];");
        }
    }
}
