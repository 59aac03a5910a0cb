using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>One list of the lookup table (keys, values or the one-element default), strings or numbers of one type.</summary>
    internal sealed record LabelColumn(ElementType Type, ValueList<string> Texts, ValueList<double> Floats, ValueList<long> Ints)
    {
        public int Count => Type == ElementType.String ? Texts.Count : ElementTypes.IsFloatingPoint(Type) ? Floats.Count : Ints.Count;

        public static LabelColumn Of(string[] texts) => new LabelColumn(ElementType.String, texts.ToValueList(), ValueList<double>.Empty, ValueList<long>.Empty);
        public static LabelColumn Of(long[] ints) => new LabelColumn(ElementType.Int64, ValueList<string>.Empty, ValueList<double>.Empty, ints.ToValueList());
        public static LabelColumn Of(float[] floats) => new LabelColumn(ElementType.Float, ValueList<string>.Empty, floats.Select(f => (double)f).ToValueList(), ValueList<long>.Empty);

        public static LabelColumn Of(TensorData t) =>
            t.Type == ElementType.String ? Of(StringElements(t))
            : new LabelColumn(t.Type, ValueList<string>.Empty, ElementTypes.IsFloatingPoint(t.Type) ? t.AsDouble().ToValueList() : ValueList<double>.Empty,
                              ElementTypes.IsFloatingPoint(t.Type) ? ValueList<long>.Empty : t.AsInt64().ToValueList());

        /// <summary>A string tensor's elements: the decoder holds them as an int32 UTF-8 length, then the bytes, each.</summary>
        private static string[] StringElements(TensorData t)
        {
            var result = new string[t.ElementCount];
            int at = 0;
            for (int i = 0; i < result.Length; i++)
            {
                int n = t.Raw[at] | t.Raw[at + 1] << 8 | t.Raw[at + 2] << 16 | t.Raw[at + 3] << 24;
                result[i] = System.Text.Encoding.UTF8.GetString(t.Raw, at + 4, n);
                at += 4 + n;
            }
            return result;
        }

        /// <summary>Passes the list to the kernel: a static string array, or a static array of the numbers' type.</summary>
        public void AddTo(LowerContext.CallBuilder call, string name)
        {
            if (Type == ElementType.String) call.Texts(name, Texts);
            else call.Values(name, Type, Floats, Ints);
        }
    }

    internal sealed record LabelEncoderPlan(LabelColumn Keys, LabelColumn Values, LabelColumn Default) : OpPlan;

    /// <summary>
    /// ai.onnx.ml LabelEncoder: maps each element through a key → value table, a default where no key matches.
    /// Revision 1 maps between strings and their index in classes_strings; 2 takes keys_*/values_* lists (strings,
    /// int64s, floats); 4 also tensors of any of its types. Spec: https://onnx.ai/onnx/operators/onnx_aionnxml_LabelEncoder.html
    /// </summary>
    internal sealed class LabelEncoder : Op<LabelEncoderPlan>
    {
        private static readonly Attr<string[]?> ClassesStrings = Attr.Strings("classes_strings").Until(1);
        private static readonly Attr<long> DefaultInt64 = Attr.Int("default_int64", -1);
        private static readonly Attr<string> DefaultString = Attr.String("default_string", "_Unused");
        private static readonly Attr<float> DefaultFloat = Attr.Float("default_float", -0f).Since(2);
        private static readonly Attr<TensorData?> DefaultTensor = Attr.Tensor("default_tensor").Since(4);
        private static readonly Attr<string[]?> KeysStrings = Attr.Strings("keys_strings").Since(2);
        private static readonly Attr<long[]?> KeysInt64s = Attr.Ints("keys_int64s").Since(2);
        private static readonly Attr<float[]?> KeysFloats = Attr.Floats("keys_floats").Since(2);
        private static readonly Attr<TensorData?> KeysTensor = Attr.Tensor("keys_tensor").Since(4);
        private static readonly Attr<string[]?> ValuesStrings = Attr.Strings("values_strings").Since(2);
        private static readonly Attr<long[]?> ValuesInt64s = Attr.Ints("values_int64s").Since(2);
        private static readonly Attr<float[]?> ValuesFloats = Attr.Floats("values_floats").Since(2);
        private static readonly Attr<TensorData?> ValuesTensor = Attr.Tensor("values_tensor").Since(4);

        private static readonly ElementType[] Types =
            { ElementType.String, ElementType.Int64, ElementType.Float, ElementType.Int32, ElementType.Int16, ElementType.Double };

        public override OpSchema Schema { get; } = new OpSchema("LabelEncoder", new[] { 1, 2, 4 }, "ai.onnx.ml")
            .Input("X", "T1").Output("Y", "T2").Types("T1", Types).Types("T2", Types)
            .WithAttributes(ClassesStrings, DefaultInt64, DefaultString, DefaultFloat, DefaultTensor, KeysStrings, KeysInt64s, KeysFloats, KeysTensor,
                            ValuesStrings, ValuesInt64s, ValuesFloats, ValuesTensor);

        public override string Summary => "y = the value whose key equals x, else the default (string or numeric keys and values).";

        protected override LabelEncoderPlan? Infer(InferContext c)
        {
            var x = c.InType(0);
            LabelColumn keys, values, fallback;
            if (c.Revision == 1)
            {
                var classes = c.Get(ClassesStrings) ?? new string[0];
                var indices = Enumerable.Range(0, classes.Length).Select(i => (long)i).ToArray();
                if (x == ElementType.String) { keys = LabelColumn.Of(classes); values = LabelColumn.Of(indices); fallback = LabelColumn.Of(new[] { c.Get(DefaultInt64) }); }
                else if (x == ElementType.Int64) { keys = LabelColumn.Of(indices); values = LabelColumn.Of(classes); fallback = LabelColumn.Of(new[] { c.Get(DefaultString) }); }
                else return c.Reject<LabelEncoderPlan>(DiagnosticIds.UnsupportedElementType, "LabelEncoder-1 maps strings to int64 or back, not " + ElementTypes.OnnxName(x) + ".");
            }
            else
            {
                var k = One(c, "keys", c.Get(KeysStrings), c.Get(KeysInt64s), c.Get(KeysFloats), c.Revision >= 4 ? c.Get(KeysTensor) : null);
                var v = One(c, "values", c.Get(ValuesStrings), c.Get(ValuesInt64s), c.Get(ValuesFloats), c.Revision >= 4 ? c.Get(ValuesTensor) : null);
                if (k == null || v == null) return null;
                keys = k;
                values = v;
                var given = c.Revision >= 4 ? c.Get(DefaultTensor) : null;
                if (given != null)
                {
                    if (given.Type != values.Type || given.ElementCount != 1)
                        return c.Reject<LabelEncoderPlan>(DiagnosticIds.InvalidGraph, "default_tensor must hold one " + ElementTypes.OnnxName(values.Type) + ".");
                    fallback = LabelColumn.Of(given);
                }
                else fallback = values.Type == ElementType.String ? LabelColumn.Of(new[] { c.Get(DefaultString) })
                    : ElementTypes.IsFloatingPoint(values.Type) ? new LabelColumn(values.Type, ValueList<string>.Empty, new[] { (double)c.Get(DefaultFloat) }.ToValueList(), ValueList<long>.Empty)
                    : new LabelColumn(values.Type, ValueList<string>.Empty, ValueList<double>.Empty, new[] { c.Get(DefaultInt64) }.ToValueList());
            }
            if (keys.Type != x)
                return c.Reject<LabelEncoderPlan>(DiagnosticIds.InvalidGraph, "the keys are " + ElementTypes.OnnxName(keys.Type) + " but 'X' is " + ElementTypes.OnnxName(x) + ".");
            if (keys.Count != values.Count)
                return c.Reject<LabelEncoderPlan>(DiagnosticIds.InvalidGraph, keys.Count + " keys but " + values.Count + " values.");
            if (!Types.Contains(values.Type))
                return c.Reject<LabelEncoderPlan>(DiagnosticIds.UnsupportedElementType, "values of type " + ElementTypes.OnnxName(values.Type) + " are not supported.");
            c.SetOutput(0, values.Type, c.InShape(0));
            return new LabelEncoderPlan(keys, values, fallback);
        }

        /// <summary>The one list of keys (or values) the node gives; null after a reported error when none or several.</summary>
        private static LabelColumn? One(InferContext c, string what, string[]? texts, long[]? ints, float[]? floats, TensorData? tensor)
        {
            var given = new List<LabelColumn>();
            if (texts != null) given.Add(LabelColumn.Of(texts));
            if (ints != null) given.Add(LabelColumn.Of(ints));
            if (floats != null) given.Add(LabelColumn.Of(floats));
            if (tensor != null) given.Add(LabelColumn.Of(tensor));
            if (given.Count != 1)
                return c.Reject<LabelColumn>(DiagnosticIds.InvalidGraph, "exactly one " + what + "_* attribute must be set, not " + given.Count + ".");
            return given[0];
        }

        protected override void Lower(LowerContext c, LabelEncoderPlan p)
        {
            var call = c.Call("label_encoder", p.Keys.Type, p.Values.Type).In("x", c.In(0)).Out("y", c.Out(0));
            p.Keys.AddTo(call, "keys");
            p.Values.AddTo(call, "values");
            p.Default.AddTo(call, "fallback");
            call.Emit();
        }
    }
}
