using System.Collections.Generic;
using System.Linq;

namespace ModelGen.Compiler.Emit
{
    /// <summary>
    /// The int lists that kernel calls take (shapes, strides, pads), as static readonly fields shared by
    /// every node that uses the same list. Collection-expression or array-literal spans are static data
    /// only when the consumer compiles with optimisation; fields allocate nothing in Debug builds too.
    /// </summary>
    internal sealed class IntArrayPool
    {
        private readonly Dictionary<string, string> _fields = new Dictionary<string, string>(System.StringComparer.Ordinal);
        private readonly List<KeyValuePair<string, string>> _ordered = new List<KeyValuePair<string, string>>();

        /// <summary>The field holding <paramref name="items"/> (C# int literals), created on first use.</summary>
        public string Field(IReadOnlyList<string> items)
        {
            string body = string.Join(", ", items);
            if (_fields.TryGetValue(body, out var name)) return name;
            name = "s_ints" + _ordered.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            _fields[body] = name;
            _ordered.Add(new KeyValuePair<string, string>(name, body));
            return name;
        }

        /// <summary>Writes the fields in first-use order.</summary>
        public void Write(CodeWriter w)
        {
            foreach (var f in _ordered)
                w.Line("private static readonly int[] " + f.Key + " = " + (f.Value.Length == 0 ? "global::System.Array.Empty<int>()" : "new int[] { " + f.Value + " }") + ";");
        }

        public int Count => _ordered.Count;
    }
}
