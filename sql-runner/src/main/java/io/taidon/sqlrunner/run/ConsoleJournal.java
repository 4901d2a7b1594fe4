package io.taidon.sqlrunner.run;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The console journals (table {@code runs.console_entry}): per sandbox, the text of every console call in order.
 * Each entry ends at a statement boundary ({@code ;} or a {@code \.} line) and with a line break, so that the
 * concatenation splits into the calls' statements in order.
 */
@Component
class ConsoleJournal {

    private final JdbcClient jdbc;

    ConsoleJournal(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param sandboxId the sandbox
     * @param staleBefore entries created before this instant are dropped first (the learner went back to the base
     *        then), or null
     * @return the journal's text, oldest call first (empty when there is none)
     */
    String text(String sandboxId, @Nullable Instant staleBefore) {
        if (staleBefore != null) {
            this.jdbc.sql("delete from console_entry where sandbox_id = ? and created_at < ?")
                .params(sandboxId, Timestamp.from(staleBefore))
                .update();
        }
        List<String> entries = this.jdbc.sql("select sql from console_entry where sandbox_id = ? order by id")
            .param(sandboxId)
            .query(String.class)
            .list();
        return String.join("", entries);
    }

    /**
     * @param sandboxId the sandbox
     * @param userId its owner
     * @param sql the call's text, ending at a statement boundary and a line break
     * @param statements how many statements it holds
     */
    void append(String sandboxId, String userId, String sql, int statements) {
        this.jdbc.sql("insert into console_entry (sandbox_id, user_id, sql, statements, created_at)"
                + " values (?, ?, ?, ?, ?)")
            .params(sandboxId, userId, sql, statements, Timestamp.from(Instant.now()))
            .update();
    }

    /**
     * @param sandboxId the sandbox
     * @return how many entries were dropped
     */
    int clear(String sandboxId) {
        return this.jdbc.sql("delete from console_entry where sandbox_id = ?").param(sandboxId).update();
    }

    /**
     * @param userId a user
     * @return how many entries of theirs were erased
     */
    int eraseUser(String userId) {
        return this.jdbc.sql("delete from console_entry where user_id = ?").param(userId).update();
    }
}
