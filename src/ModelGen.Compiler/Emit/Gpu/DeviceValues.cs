using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Planning;

namespace ModelGen.Compiler.Emit.Gpu
{
    /// <summary>
    /// Where each IR value lives on the device, as a C# expression of the GPU session class: the view of a graph input
    /// or output for this call (<c>_inputView0</c>, <c>_outputView0</c>: the session's own buffers for Predict on host
    /// spans, the caller's views for Predict on device views), a sub-view of the one device arena at the offset the memory plan gave the
    /// value's slot (the host arena of the fallback uses the same offsets, so a value moves between the two by one copy
    /// of the same region), or a device copy of a weight, derived weight or constant, uploaded once when the session
    /// is created (<see cref="Constants"/>). Views resolve to their root value, as on the CPU.
    /// </summary>
    internal sealed class DeviceValues
    {
        private readonly ModelLayout _m;
        private readonly Dictionary<Value, int> _constants = new Dictionary<Value, int>();

        public DeviceValues(ModelLayout m)
        {
            _m = m;
            Dims = new SessionDims(m);
        }

        public ModelLayout Layout => _m;

        /// <summary>How the session writes dims: literals, or expressions over the bound symbolic dims.</summary>
        public SessionDims Dims { get; }

        /// <summary>The weights and constants some GPU launch reads, in the order their device buffers are declared.</summary>
        public List<Value> Constants { get; } = new List<Value>();

        public static string InputField(int i) => "_in" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        public static string OutputField(int i) => "_out" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        /// <summary>The view Run reads graph input i through: the session's own buffer, or the caller's device view.</summary>
        public static string InputView(int i) => "_inputView" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        /// <summary>The view Run writes graph output i through: the session's own buffer, or the caller's device view.</summary>
        public static string OutputView(int i) => "_outputView" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        public static string ConstantField(int k) => "_c" + k.ToString(System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>The root value whose storage <paramref name="v"/> shares.</summary>
        public Value Root(Value v) => _m.Plan.Resolve(v);

        /// <summary>Static element count of a value's root: the weights and constants, whose shapes never depend on the input dims.</summary>
        public long Count(Value v) => Root(v).Shape!.ElementCount.Value;

        /// <summary>The element count of a value's root as a C# long expression (over the bound dims when it has symbolic ones).</summary>
        public string CountExpression(Value v) => Dims.Count(Root(v));

        /// <summary>The element type's C# name on the host: the type of Predict's spans and of the host class's storage.</summary>
        public static string HostType(Value v) => ElementTypes.CSharpName(v.Type)!;

        /// <summary>
        /// The element type of device views: the host's, but fp16 as ILGPU.Half and bf16 as its ushort bits (kernels
        /// cannot take System.Half or the runtime's BFloat16 struct). Both have the host type's size and bits, so host
        /// and device spans convert by <see cref="AsDevice"/> and <see cref="AsHost"/>, with no copy.
        /// </summary>
        public static string DeviceType(Value v) =>
            v.Type == ElementType.Float16 ? "global::ILGPU.Half" : v.Type == ElementType.BFloat16 ? "ushort" : HostType(v);

        /// <summary>A host span of <paramref name="v"/>'s elements as device-typed elements (the same memory).</summary>
        public static string AsDevice(Value v, string span) => Reinterpret(HostType(v), DeviceType(v), span);

        /// <summary>A device-typed span of <paramref name="v"/>'s elements as host elements (the same memory).</summary>
        public static string AsHost(Value v, string span) => Reinterpret(DeviceType(v), HostType(v), span);

        private static string Reinterpret(string from, string to, string span) =>
            from == to ? span : "global::System.Runtime.InteropServices.MemoryMarshal.Cast<" + from + ", " + to + ">(" + span + ")";

        /// <summary>The device view expression of a value (<c>ArrayView&lt;T&gt;</c>).</summary>
        public string View(Value value)
        {
            var v = Root(value);
            int input = _m.Graph.Inputs.IndexOf(v);
            if (input >= 0) return InputView(input);
            if (_m.Parameters.TryGetValue(v, out var name)) return OutputView(_m.OutputNames.IndexOf(name));
            if (_m.Plan.SlotOf.TryGetValue(v, out int slot))
                return "Slot<" + DeviceType(v) + ">(" + Dims.SlotOffset(slot) + ", " + SlotCount(v) + ")";
            if (!_constants.TryGetValue(v, out int k))
            {
                k = Constants.Count;
                Constants.Add(v);
                _constants[v] = k;
            }
            return ConstantField(k) + ".View";
        }

        /// <summary>
        /// The host span a fallback call reads or writes for this value when the device holds it too, typed as the
        /// device's elements (what the copies to and from the device take): the host arena region of its slot, or the
        /// pinned staging buffer of a graph input or output. Null for weights and constants, which the host has anyway
        /// and the GPU never writes.
        /// </summary>
        public string? HostMirror(Value value)
        {
            var v = Root(value);
            int input = _m.Graph.Inputs.IndexOf(v);
            if (input >= 0) return StagingSpan("_stageIn" + input.ToString(System.Globalization.CultureInfo.InvariantCulture), v);
            if (_m.Parameters.TryGetValue(v, out var name))
                return StagingSpan("_stageOut" + _m.OutputNames.IndexOf(name).ToString(System.Globalization.CultureInfo.InvariantCulture), v);
            if (_m.Plan.SlotOf.TryGetValue(v, out int slot))
                return AsDevice(v, "_host.GpuHostSlot<" + HostType(v) + ">(" + Dims.SlotOffset(slot) + ", " + (Dims.AllStatic ? "" : "(int)") + SlotCount(v) + ")");
            return null;
        }

        /// <summary>A staging buffer's span, cut to this call's count when the session is sized for the largest dims so far.</summary>
        public string StagingSpan(string staging, Value v) =>
            Dims.AllStatic ? staging + ".Span" : staging + ".Span.Slice(0, (int)" + CountExpression(v) + ")";

        /// <summary>A slot value's count as before dims were supported (a bare literal when static), else an expression.</summary>
        private string SlotCount(Value v) => Dims.AllStatic ? Literals.Int(Count(v)) : CountExpression(v);
    }
}
