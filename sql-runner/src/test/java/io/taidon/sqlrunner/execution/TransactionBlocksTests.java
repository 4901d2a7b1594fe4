package io.taidon.sqlrunner.execution;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.taidon.sqlrunner.script.ScriptSplitter;
import io.taidon.sqlrunner.script.ScriptStatement;

import static org.assertj.core.api.Assertions.assertThat;

class TransactionBlocksTests {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = { "select count(*) from film|true", "insert into t values (1)|true",
            "update t set a = 2|true", "with x as (delete from t returning *) select * from x|true",
            "create index on t (a)|true", "(select 1)|true", "set search_path = shop|true",
            "BEGIN|false", "start transaction|false", "commit|false", "end|false", "rollback|false", "abort|false",
            "savepoint a|false", "release a|false", "prepare transaction 'x'|false", "VACUUM t|false",
            "create database x|false", "drop database x|false", "alter system set work_mem = '1MB'|false",
            "create index concurrently i on t (a)|false", "drop index concurrently i|false",
            "refresh materialized view concurrently m|false", "call p()|false", "do $$ begin commit; end $$|false",
            "lock table t|false", "declare c cursor for select 1|false", "set local work_mem = '1MB'|false",
            "set transaction read only|false", "set constraints all deferred|false", "discard all|false",
            "load 'x'|false", "create tablespace x location '/tmp'|false", "reindex table t|false",
            "cluster|false", "/* c */ vacuum|false" })
    void shouldKnowWhichStatementsAnswerTheSameInARolledBackBlock(String sql, boolean same) {
        ScriptStatement statement = ScriptSplitter.split(sql).getFirst();
        assertThat(TransactionBlocks.sameInRolledBackBlock(statement)).as(sql).isEqualTo(same);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = { "\\c chinook", "select 'open" })
    void shouldAcceptWhatIsNeverSent(String sql) {
        assertThat(TransactionBlocks.sameInRolledBackBlock(ScriptSplitter.split(sql).getFirst())).isTrue();
    }
}
