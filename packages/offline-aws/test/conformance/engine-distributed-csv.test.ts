/**
 * A Distributed Map's ItemReader reading CSV (`ReaderConfig.InputType: CSV`), run by the offline
 * engine with an in-memory S3.
 *
 * AWS: "ItemReader (Map)" https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html
 * (CSVHeaderLocation FIRST_ROW / GIVEN, CSVHeaders, CSVDelimiter). Outputs and causes marked
 * "recorded on AWS" are those of executions recorded on AWS (the LocalStack project's snapshot
 * tests, recorded against AWS in 2023), on the same CSV files.
 */
import { MemoryS3 } from './memory-s3';
import { CSV, execute, getObject, mapOf } from './distributed-support';

describe('ItemReader s3:getObject, InputType CSV (input-output-itemreader.html)', () => {
  it('CSV with the headers in the first row: every value a string, a missing field "", a field past the last header dropped, a blank-looking line a row (recorded on AWS)', async () => {
    const s3 = new MemoryS3('bucket-name');
    s3.put('bucket-name', 'file', CSV);
    const config = { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' };
    const { outcome } = await execute(mapOf(getObject(config)), s3);
    expect(outcome).toEqual({
      status: 'SUCCEEDED',
      output: [
        { Col1: 'Value1', Col2: 'Value2', Col3: 'Value3' },
        { Col1: 'Value4', Col2: 'Value5', Col3: 'Value6' },
        { Col1: '', Col2: '', Col3: '' },
        { Col1: 'true', Col2: '1', Col3: "'HelloWorld'" },
        { Col1: 'Null', Col2: 'None', Col3: '' },
        { Col1: '   ', Col2: '', Col3: '' },
      ],
    });
  });

  it('CSV headers are taken as text: "0", "True", "{}" (recorded on AWS)', async () => {
    const s3 = new MemoryS3('bucket-name');
    s3.put('bucket-name', 'file', CSV.replace('Col1,Col2,Col3\nValue1,Value2,Value3\n', '0,True,{}\n'));
    const config = { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' };
    const { outcome } = await execute(mapOf(getObject(config)), s3);
    expect(outcome.status === 'SUCCEEDED' && outcome.output).toEqual([
      { '0': 'Value4', True: 'Value5', '{}': 'Value6' },
      { '0': '', True: '', '{}': '' },
      { '0': 'true', True: '1', '{}': "'HelloWorld'" },
      { '0': 'Null', True: 'None', '{}': '' },
      { '0': '   ', True: '', '{}': '' },
    ]);
  });

  it('CSV with GIVEN headers ["H1"]: the first row is data, the fields past H1 dropped (recorded on AWS)', async () => {
    const s3 = new MemoryS3('bucket-name');
    s3.put('bucket-name', 'file', CSV.replace('Col1,Col2,Col3\n', ''));
    const config = { InputType: 'CSV', CSVHeaderLocation: 'GIVEN', CSVHeaders: ['H1'] };
    const { outcome } = await execute(mapOf(getObject(config)), s3);
    expect(outcome.status === 'SUCCEEDED' && outcome.output).toEqual([
      { H1: 'Value1' },
      { H1: 'Value4' },
      { H1: '' },
      { H1: 'true' },
      { H1: 'Null' },
      { H1: '   ' },
    ]);
  });

  it('CSV with GIVEN headers: every row is data, a field past the last header is dropped (recorded on AWS); CSVDelimiter', async () => {
    const s3 = new MemoryS3('bucket-name');
    s3.put('bucket-name', 'file', 'Value1;Value2;Value3\n"a;b";x\n');
    const config = {
      InputType: 'CSV',
      CSVHeaderLocation: 'GIVEN',
      CSVHeaders: ['H1', 'H2'],
      CSVDelimiter: 'SEMICOLON',
    };
    const { outcome } = await execute(mapOf(getObject(config)), s3);
    expect(outcome).toEqual({
      status: 'SUCCEEDED',
      output: [
        { H1: 'Value1', H2: 'Value2' },
        { H1: 'a;b', H2: 'x' },
      ],
    });
  });

  it('CSV with duplicate headers: States.ItemReaderFailed "CSV headers cannot contain duplicates." (recorded on AWS)', async () => {
    const s3 = new MemoryS3('bucket-name');
    s3.put('bucket-name', 'file', CSV);
    const config = { InputType: 'CSV', CSVHeaderLocation: 'GIVEN', CSVHeaders: ['H1', 'H1'] };
    expect((await execute(mapOf(getObject(config)), s3)).outcome).toEqual({
      status: 'FAILED',
      error: 'States.ItemReaderFailed',
      cause: 'CSV headers cannot contain duplicates.',
    });
  });
});
