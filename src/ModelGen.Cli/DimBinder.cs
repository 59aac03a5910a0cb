using System;
using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Reading;
using ModelGen.Runtime;

namespace ModelGen.Cli
{
    /// <summary>
    /// Gives the model's symbolic dims values from the dims of the input files: an input axis declared as a bare
    /// symbol ("N", "batch_size") takes the data's size on that axis. Then checks every input's size.
    /// </summary>
    internal static class DimBinder
    {
        /// <summary>Returns the values in <see cref="ModelInfo.SymbolicDims"/> order; adds to <paramref name="errors"/> what does not fit.</summary>
        public static Dictionary<string, long> Bind(ModelInfo info, IReadOnlyList<TensorFileData> inputs, List<string> errors)
        {
            var values = new Dictionary<string, long>(StringComparer.Ordinal);
            var boundBy = new Dictionary<string, string>(StringComparer.Ordinal);
            for (int i = 0; i < info.Inputs.Count && i < inputs.Count; i++)
            {
                var declared = info.Inputs[i];
                var data = inputs[i];
                if (data.Dims.Length != declared.Dims.Count)
                {
                    errors.Add("input_" + i + ".pb has dims [" + string.Join(",", data.Dims) + "] (rank " + data.Dims.Length + "), but input '" +
                               declared.Name + "' is declared " + declared + " (rank " + declared.Dims.Count + ").");
                    continue;
                }
                for (int k = 0; k < data.Dims.Length; k++)
                {
                    string symbol = declared.Dims[k].Trim();
                    if (!IsBareSymbol(symbol, info.SymbolicDims)) continue;
                    string where = "input '" + declared.Name + "' axis " + k;
                    if (values.TryGetValue(symbol, out long seen))
                    {
                        if (seen != data.Dims[k])
                            errors.Add("symbolic dim '" + symbol + "' is " + seen + " from " + boundBy[symbol] + " but " + data.Dims[k] + " from " + where + ".");
                        continue;
                    }
                    values[symbol] = data.Dims[k];
                    boundBy[symbol] = where;
                }
            }
            foreach (var symbol in info.SymbolicDims)
            {
                if (!values.ContainsKey(symbol))
                    errors.Add("symbolic dim '" + symbol + "' is not the whole size of any input axis, so the input files cannot give it a value; pin it with --dims \"" + symbol + "=...\".");
                else if (values[symbol] > int.MaxValue)
                    errors.Add("symbolic dim '" + symbol + "' = " + values[symbol] + " is too large.");
            }
            if (errors.Count > 0) return values;

            for (int i = 0; i < info.Inputs.Count && i < inputs.Count; i++)
            {
                var declared = info.Inputs[i];
                long[] shape;
                try
                {
                    shape = declared.Resolve(values);
                }
                catch (ArgumentException e)
                {
                    errors.Add("input '" + declared.Name + "' " + declared + ": " + e.Message);
                    continue;
                }
                long expected = shape.Aggregate(1L, (a, b) => a * b);
                if (expected != inputs[i].ElementCount)
                    errors.Add("input_" + i + ".pb holds " + inputs[i].ElementCount + " elements [" + string.Join(",", inputs[i].Dims) + "], but input '" +
                               declared.Name + "' " + declared + " needs " + expected + " [" + string.Join(",", shape) + "].");
            }
            return values;
        }

        /// <summary>True for a symbol name alone ("N", "batch_size"), false for numbers and expressions ("784*N", "2*seq + 1").</summary>
        internal static bool IsBareSymbol(string text, IReadOnlyList<string> symbols) =>
            symbols.Contains(text) || (text.Length > 0 && !long.TryParse(text, out _) && text.IndexOf('*') < 0 && text.IndexOf('+') < 0);
    }
}
