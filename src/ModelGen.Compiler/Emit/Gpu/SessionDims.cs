using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Emit.Gpu
{
    /// <summary>
    /// How the GPU session writes dims and arena offsets. A static dim is a literal. A symbolic one (a graph input's
    /// dim not pinned at build time: the batch, a sequence length) is an expression over the host class's bound dims,
    /// which the session reads through the accessors <see cref="HostFallbackEmitter"/> adds to the host
    /// (<c>_host.GpuDimBatch</c>): the session binds the host first on every call whose dims changed, so both sides
    /// use the same values, and the device arena uses the host plan's offsets (<c>_host.GpuSlot3</c>).
    /// </summary>
    internal sealed class SessionDims
    {
        private readonly ModelLayout _m;

        public SessionDims(ModelLayout m) { _m = m; }

        /// <summary>True when no graph input has a symbolic dim: everything is a literal, as before dims were supported.</summary>
        public bool AllStatic => _m.Symbols.Symbols.Count == 0;

        /// <summary>The host accessor of a symbol's bound value ("GpuDimBatch" for the host field "_dimBatch").</summary>
        public static string HostDim(ModelLayout m, string symbol)
        {
            string field = m.Symbols.Field[symbol].TrimStart('_'); // "_dim" + a PascalCase name: a valid identifier after "Gpu"
            return "Gpu" + char.ToUpperInvariant(field[0]) + field.Substring(1);
        }

        /// <summary>The host accessor of a slot's byte offset ("GpuSlot3").</summary>
        public static string HostSlot(int slot) => "GpuSlot" + slot.ToString(CultureInfo.InvariantCulture);

        /// <summary>A dim as a C# long expression (a literal with an L suffix when static).</summary>
        public string Long(Dim d) => d.IsStatic ? Literals.Int(d.Value) + "L" : d.ToCSharp(s => "(long)_host." + HostDim(_m, s));

        /// <summary>A dim as a C# int expression (the host's Bind has checked that every size of these dims fits an int).</summary>
        public string Int(Dim d) => d.IsStatic ? Literals.Int(d.Value) : d.SymbolName != null ? "_host." + HostDim(_m, d.SymbolName) : "(int)" + Long(d);

        /// <summary>A launch's element count: a bare literal when static (as sessions wrote it before dims were symbolic), else over the bound dims.</summary>
        public string LaunchCount(Dim count) => count.IsStatic ? Literals.Int(count.Value) : Long(count);

        /// <summary>A value's element count (its root's: views share their root's storage).</summary>
        public string Count(Value v) => Long(v.Shape!.ElementCount);

        /// <summary>A slot's byte offset in the device arena: the host plan's.</summary>
        public string SlotOffset(int slot) => AllStatic ? _m.SlotOffsets[slot] : "_host." + HostSlot(slot);

        /// <summary>The same count over Predict's own parameters, for the argument checks made before anything is bound.</summary>
        public string ParameterCount(Value v) => _m.Symbols.LongParameterExpression(v.Shape!.ElementCount);

        /// <summary>Predict's leading dim parameters ("int batch"), in the CPU class's order.</summary>
        public IEnumerable<string> Parameters => _m.Symbols.Symbols.Select(s => "int " + _m.Symbols.Parameter[s]);

        /// <summary>The dim arguments, in the same order.</summary>
        public IEnumerable<string> Arguments => _m.Symbols.Symbols.Select(s => _m.Symbols.Parameter[s]);
    }
}
