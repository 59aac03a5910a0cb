using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ModelGen.Compiler.Reading;

namespace ModelGen.ModelFactory
{
    /// <summary>
    /// modelfactory bert-encoder &lt;outDir&gt; [--layers 2] [--hidden 256] [--heads 4] [--seq 128] [--vocab 1000] [--seed 1]
    /// modelfactory gelu-erf|gelu-tanh|rmsnorm|hardswish|hardswish-hardsigmoid|softmax|layernorm-reciprocal &lt;outDir&gt; [--seed 1]
    /// writes &lt;outDir&gt;/model.onnx and &lt;outDir&gt;/test_data_set_0/{input_N,output_0}.pb, the outputs computed by ONNX Runtime.
    /// </summary>
    internal static class Program
    {
        private static int Main(string[] args)
        {
            if (args.Length < 2 || args.Length % 2 != 0)
            {
                Console.Error.WriteLine("usage: modelfactory <bert-encoder|" + string.Join("|", PatternModels.All().Select(m => m.Name)) + "> <outDir> [--layers N] [--hidden N] [--heads N] [--seq N] [--vocab N] [--seed N]");
                return 2;
            }
            var options = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 2; i < args.Length; i += 2)
            {
                if (!args[i].StartsWith("--", StringComparison.Ordinal) || !int.TryParse(args[i + 1], out int value))
                {
                    Console.Error.WriteLine("bad option '" + args[i] + " " + args[i + 1] + "'");
                    return 2;
                }
                options[args[i].Substring(2)] = value;
            }
            int Get(string name, int fallback) => options.TryGetValue(name, out int v) ? v : fallback;

            byte[] model;
            RawTensor[] inputs;
            if (args[0] == "bert-encoder")
            {
                var o = new BertOptions(Get("layers", 2), Get("hidden", 256), Get("heads", 4), Get("seq", 128), Get("vocab", 1000), Get("seed", 1));
                model = BertEncoderBuilder.Build(o);
                inputs = BertInputs.Make(o);
            }
            else if (PatternModels.All().Any(m => m.Name == args[0]))
            {
                int seed = Get("seed", 1);
                var m = PatternModels.ByName(args[0], seed);
                model = m.Model;
                var w = new Weights(seed + 1000);
                inputs = m.Inputs.Select(i => new RawTensor(i.Name, Compiler.Ir.ElementType.Float, i.Dims,
                    OrtRun.Bytes(w.Uniform((int)i.Dims.Aggregate(1L, (a, b) => a * b), -4, 4)))).ToArray();
            }
            else
            {
                Console.Error.WriteLine("unknown model '" + args[0] + "'");
                return 2;
            }

            string dir = args[1];
            string data = Path.Combine(dir, "test_data_set_0");
            Directory.CreateDirectory(data);
            File.WriteAllBytes(Path.Combine(dir, "model.onnx"), model);
            for (int i = 0; i < inputs.Length; i++)
                File.WriteAllBytes(Path.Combine(data, "input_" + i + ".pb"), TensorFile.Write(inputs[i].Name, inputs[i].Type, inputs[i].Dims, inputs[i].Raw));
            var outputs = OrtRun.Run(model, inputs);
            for (int i = 0; i < outputs.Count; i++)
                File.WriteAllBytes(Path.Combine(data, "output_" + i + ".pb"), TensorFile.Write(outputs[i].Name, outputs[i].Type, outputs[i].Dims, outputs[i].Raw));
            Console.WriteLine("wrote " + Path.Combine(dir, "model.onnx") + " (" + model.Length + " bytes) and " + inputs.Length + " inputs, " + outputs.Count + " outputs in " + data);
            return 0;
        }
    }
}
