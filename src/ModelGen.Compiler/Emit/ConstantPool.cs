using System.Collections.Generic;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Emit
{
    /// <summary>Build-time constants read at run time, as static readonly arrays: one field per distinct content (type and elements).</summary>
    internal sealed class ConstantPool
    {
        private readonly Dictionary<string, string> _byContent = new Dictionary<string, string>(System.StringComparer.Ordinal);
        private readonly List<(string Field, Value Value)> _ordered = new List<(string, Value)>();

        public IReadOnlyList<(string Field, Value Value)> Fields => _ordered;

        /// <summary>The field holding <paramref name="v"/>'s elements, created on first use.</summary>
        public string Field(Value v)
        {
            var d = v.Data!;
            string key = (int)d.Type + ":" + System.Convert.ToBase64String(d.Raw);
            if (_byContent.TryGetValue(key, out var name)) return name;
            name = "s_const" + _ordered.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            _byContent[key] = name;
            _ordered.Add((name, v));
            return name;
        }
    }
}
