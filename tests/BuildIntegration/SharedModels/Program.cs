using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Numerics.Tensors;
using System.Reflection;
using SharedModels;

// Mnist, SuperResolution, Sine and UltraFace were generated at build time from ../shared/models/*/model.onnx
// and their weights embedded in this assembly. Each is called through its typed Predict API and checked
// against the model's test data: |actual - expected| <= atol + rtol * |expected| for every element.
const double RTol = 1e-3;
const double ATol = 1e-5;

string modelsDir = args.Length > 0
    ? args[0]
    : typeof(Mnist).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SharedModelsDir").Value!;
Console.WriteLine("models: " + modelsDir);
Console.WriteLine("tolerance: rtol " + RTol.ToString(CultureInfo.InvariantCulture) + ", atol " + ATol.ToString(CultureInfo.InvariantCulture));

var failures = new List<string>();

Check("Mnist", "mnist-8", data =>
{
    var model = new Mnist();
    var result = model.Predict(data.Input(0));
    return new[] { result.Plus214Output0 };
});

Check("SuperResolution", "super-resolution-10", data =>
{
    var model = new SuperResolution();
    var result = model.Predict(data.Input(0));
    return new[] { result.Output };
});

Check("Sine", "tflm-hello-world-sine", data =>
{
    var model = new Sine();
    int n = checked((int)data.InputDims(0)[0]); // the symbolic batch N, 16 in the test data
    var result = model.Predict(n, data.Input(0));
    return new[] { result.Dense4 };
});

Check("UltraFace", "ultraface-version-RFB-320", data =>
{
    var model = new UltraFace();
    var result = model.Predict(data.Input(0));
    return new[] { result.Scores, result.Boxes };
});

Console.WriteLine(failures.Count == 0 ? "RESULT: all 4 models PASS" : "RESULT: FAIL: " + string.Join(", ", failures));
return failures.Count == 0 ? 0 : 1;

void Check(string name, string folder, Func<DataSet, Tensor<float>[]> predict)
{
    string dir = Path.Combine(modelsDir, folder, "test_data_set_0");
    bool pass = true;
    try
    {
        var data = new DataSet(dir);
        var outputs = predict(data);
        if (outputs.Length != data.OutputCount) throw new InvalidOperationException(outputs.Length + " outputs, but the data set has " + data.OutputCount + ".");
        for (int i = 0; i < outputs.Length; i++)
        {
            var expected = data.Output(i);
            long[] expectedDims = data.OutputDims(i);
            long[] actualDims = outputs[i].Lengths.ToArray().Select(d => (long)d).ToArray();
            var actual = new float[outputs[i].FlattenedLength];
            outputs[i].FlattenTo(actual);
            string head = "  " + name + " output " + i + " [" + string.Join(",", actualDims) + "]: ";
            if (!actualDims.SequenceEqual(expectedDims))
            {
                Console.WriteLine(head + "FAIL: expected shape [" + string.Join(",", expectedDims) + "]");
                pass = false;
                continue;
            }
            double maxAbs = 0, maxRel = 0;
            long outside = 0;
            for (int k = 0; k < actual.Length; k++)
            {
                double a = actual[k], e = expected[k];
                if (double.IsNaN(a) || double.IsNaN(e))
                {
                    if (!(double.IsNaN(a) && double.IsNaN(e))) { outside++; maxAbs = double.NaN; maxRel = double.NaN; }
                    continue;
                }
                double abs = Math.Abs(a - e);
                if (!(abs <= ATol + RTol * Math.Abs(e))) outside++;
                if (!double.IsNaN(maxAbs)) maxAbs = Math.Max(maxAbs, abs);
                if (!double.IsNaN(maxRel)) maxRel = Math.Max(maxRel, abs / Math.Max(Math.Abs(e), 1e-12));
            }
            bool ok = outside == 0;
            Console.WriteLine(head + "max abs error " + G(maxAbs) + ", max rel error " + G(maxRel) + ", " + outside + " of " + actual.Length +
                              " elements outside tolerance: " + (ok ? "PASS" : "FAIL"));
            pass &= ok;
        }
    }
    catch (Exception e)
    {
        Console.WriteLine("  " + name + ": FAIL: " + e);
        pass = false;
    }
    Console.WriteLine((pass ? "PASS " : "FAIL ") + name);
    if (!pass) failures.Add(name);
}

static string G(double v) => v.ToString("G4", CultureInfo.InvariantCulture);

/// <summary>An ONNX test data set folder: input_N.pb and output_N.pb, each a serialized float TensorProto.</summary>
internal sealed class DataSet
{
    private readonly List<(long[] Dims, float[] Data)> _inputs = new List<(long[], float[])>();
    private readonly List<(long[] Dims, float[] Data)> _outputs = new List<(long[], float[])>();

    public DataSet(string dir)
    {
        for (int i = 0; File.Exists(Path.Combine(dir, "input_" + i + ".pb")); i++) _inputs.Add(TinyTensorProto.ReadFloat(Path.Combine(dir, "input_" + i + ".pb")));
        for (int i = 0; File.Exists(Path.Combine(dir, "output_" + i + ".pb")); i++) _outputs.Add(TinyTensorProto.ReadFloat(Path.Combine(dir, "output_" + i + ".pb")));
        if (_inputs.Count == 0) throw new FileNotFoundException("No input_0.pb in " + dir);
    }

    public int OutputCount => _outputs.Count;
    public float[] Input(int i) => _inputs[i].Data;
    public long[] InputDims(int i) => _inputs[i].Dims;
    public float[] Output(int i) => _outputs[i].Data;
    public long[] OutputDims(int i) => _outputs[i].Dims;
}

/// <summary>
/// Just enough of onnx.TensorProto to read float test data: dims (1), data_type (2), float_data (4) and raw_data (9);
/// every other field is skipped by its wire type.
/// </summary>
internal static class TinyTensorProto
{
    public static (long[] Dims, float[] Data) ReadFloat(string path)
    {
        byte[] b = File.ReadAllBytes(path);
        var dims = new List<long>();
        var floats = new List<float>();
        byte[]? raw = null;
        long type = 0;
        int p = 0;
        while (p < b.Length)
        {
            ulong key = Varint(b, ref p);
            int field = (int)(key >> 3), wire = (int)(key & 7);
            switch (field, wire)
            {
                case (1, 0): dims.Add((long)Varint(b, ref p)); break;
                case (1, 2):
                {
                    int length = checked((int)Varint(b, ref p));
                    int end = p + length;
                    while (p < end) dims.Add((long)Varint(b, ref p));
                    break;
                }
                case (2, 0): type = (long)Varint(b, ref p); break;
                case (4, 5): floats.Add(BitConverter.ToSingle(b, p)); p += 4; break;
                case (4, 2):
                {
                    int length = checked((int)Varint(b, ref p));
                    int end = p + length;
                    for (; p < end; p += 4) floats.Add(BitConverter.ToSingle(b, p));
                    break;
                }
                case (9, 2):
                {
                    int length = checked((int)Varint(b, ref p));
                    raw = b.AsSpan(p, length).ToArray();
                    p += length;
                    break;
                }
                default: Skip(b, ref p, wire); break;
            }
        }
        if (type != 1) throw new InvalidDataException(path + ": data_type " + type + ", expected 1 (float).");
        float[] data = raw != null ? Enumerable.Range(0, raw.Length / 4).Select(i => BitConverter.ToSingle(raw, i * 4)).ToArray() : floats.ToArray();
        long count = dims.Aggregate(1L, (x, y) => x * y);
        if (count != data.Length) throw new InvalidDataException(path + ": dims [" + string.Join(",", dims) + "] but " + data.Length + " elements.");
        return (dims.ToArray(), data);
    }

    private static ulong Varint(byte[] b, ref int p)
    {
        ulong v = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte x = b[p++];
            v |= (ulong)(x & 0x7F) << shift;
            if (x < 0x80) return v;
        }
    }

    private static void Skip(byte[] b, ref int p, int wire)
    {
        switch (wire)
        {
            case 0: Varint(b, ref p); break;
            case 1: p += 8; break;
            case 2:
            {
                int length = checked((int)Varint(b, ref p)); // read first: 'p += Varint(ref p)' would add to the old p
                p += length;
                break;
            }
            case 5: p += 4; break;
            default: throw new InvalidDataException("Unsupported protobuf wire type " + wire + ".");
        }
    }
}
