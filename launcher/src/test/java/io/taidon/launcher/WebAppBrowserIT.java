package io.taidon.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web app in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}; nothing is downloaded:
 * the driver and browser paths are given, so Selenium Manager does not run) against the real suite, through the
 * gateway: first visit signs in anonymously, the pet script runs, a changed last query re-runs from the cache, a
 * failing statement marks its line, a saved snapshot restored is the next run's base, the console accumulates and
 * resets, the schema browser shows what runs made, axe-core finds no serious or critical violation, and the page fits
 * 360 px. Screenshots go to {@code launcher/target/screenshots/}.
 */
class WebAppBrowserIT {

    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    static final String SETUP = "create table pet (id int primary key, name text, kind text);\n"
            + "insert into pet values (1, 'Rex', 'dog'), (2, 'Tom', 'cat'), (3, 'Kit', 'cat');\n";

    private static ChromeDriver browser;

    private static Path profile;

    private static String gatewayUrl;

    @BeforeAll
    static void startBrowser() throws IOException {
        assertThat(CHROMEDRIVER).as("apt-get install chromium chromium-driver").isExecutable();
        assertThat(CHROMIUM).isExecutable();
        gatewayUrl = SharedSuite.get().gatewayUrl();
        Files.createDirectories(SCREENSHOTS);
        profile = Files.createTempDirectory("taidon-chromium-");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
            .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1280,1000");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            TestFiles.deleteTree(profile);
        }
    }

    @BeforeEach
    void resizeBack() {
        browser.manage().window().setSize(new Dimension(1280, 1000));
    }

    @Test
    void shouldServeTheTailFromTheCacheWhenOnlyTheLastQueryChanges() {
        openAsNewLearner(SETUP + "select kind, count(*) from pet group by kind order by kind;\n");
        Object session = script("return JSON.parse(localStorage.getItem('taidon.session'))");
        assertThat(session).isInstanceOf(Map.class);
        assertThat((String) ((Map<?, ?>) session).get("userId")).startsWith("u_anon_");
        assertThat(((Map<?, ?>) session).get("anonymous")).isEqualTo(true);

        browser.findElement(By.id("run")).click();
        awaitRun();
        assertThat(statements()).hasSize(3);
        assertThat(rowsOf(3)).containsExactly(List.of("cat", "2"), List.of("dog", "1"));
        assertThat(browser.findElement(By.cssSelector(".statement[data-index='3'] th")).getText()).contains("kind", "text");
        assertThat(badgeOf(3)).isEqualTo("executed");
        screenshot("01-first-run");
        assertNoCspViolations();

        // change only the last line with the keyboard, then run with Ctrl+Enter
        WebElement editor = browser.findElement(By.cssSelector(".cm-content"));
        editor.click();
        new Actions(browser).keyDown(Keys.CONTROL).sendKeys(Keys.END).keyUp(Keys.CONTROL)
            .sendKeys(Keys.ARROW_UP).sendKeys(Keys.END)
            .keyDown(Keys.SHIFT).sendKeys(Keys.HOME).keyUp(Keys.SHIFT)
            // CodeMirror's own delete; typing over a selection lets Chromium's native editing try an inline style
            // (blocked by the page's CSP, harmlessly: CodeMirror redraws the line)
            .sendKeys(Keys.BACK_SPACE)
            .sendKeys("select name from pet where kind = 'cat' order by name;")
            .sendKeys(Keys.ESCAPE)
            .keyDown(Keys.CONTROL).sendKeys(Keys.ENTER).keyUp(Keys.CONTROL)
            .perform();
        awaitRunWithHitDepth("2");
        assertThat(rowsOf(3)).containsExactly(List.of("Kit"), List.of("Tom"));
        assertThat(badgeOf(1)).isEqualTo("cache");
        assertThat(badgeOf(2)).isEqualTo("cache");
        assertThat(badgeOf(3)).isEqualTo("executed");
        assertThat(browser.findElement(By.id("run-summary")).getText()).contains("hitDepth 2");
        // the re-run named the kept tail and sent only the new last query
        String head = "select name from pet where kind = 'cat' order by name;";
        java.util.regex.Matcher sent = java.util.regex.Pattern.compile("sent only the (\\d+) new characters")
            .matcher(browser.findElement(By.id("status")).getText());
        assertThat(sent.find()).as(browser.findElement(By.id("status")).getText()).isTrue();
        // the new head with the line breaks around it, not the tail's 150 characters
        assertThat(Integer.parseInt(sent.group(1))).isBetween(head.length(), head.length() + 2);
        screenshot("02-re-run-from-cache");
        assertNoCspViolations();
        // the script survives a reload, tied to the sandbox the run used
        browser.navigate().refresh();
        awaitReady();
        assertThat(editorText()).contains("where kind = 'cat'");
    }

    @Test
    void shouldMarkTheLineOfTheFailingStatement() {
        runAsNewLearner("select 1 as one;\n\nselect name\n  from no_such_table;\nselect 2 as two;\n");
        WebElement failed = browser.findElement(By.cssSelector(".statement.failed"));
        assertThat(failed.getAttribute("data-index")).isEqualTo("2");
        assertThat(failed.getText()).contains("ERROR 42P01", "no_such_table");
        // the server's position is in "from no_such_table" on line 4, column 8
        WebElement marked = browser.findElement(By.cssSelector(".cm-taidon-error-line"));
        assertThat(marked.getAttribute("data-line")).isEqualTo("4");
        assertThat(marked.getDomProperty("textContent")).isEqualTo("  from no_such_table;");
        assertThat(browser.findElements(By.cssSelector(".cm-lint-marker-error"))).hasSize(1);
        assertThat(browser.findElements(By.cssSelector(".cm-lintRange-error"))).hasSize(1);
        assertThat(browser.findElement(By.cssSelector(".cm-lintRange-error")).getDomProperty("textContent"))
            .isEqualTo("no_such_table");
        assertThat(failed.findElement(By.cssSelector(".error-box button")).getText()).isEqualTo("Go to line 4, column 8");
        assertThat(rowsOf(3)).containsExactly(List.of("2"));
        screenshot("03-error-marked");
        assertNoSeriousAccessibilityViolations();

        browser.manage().window().setSize(new Dimension(360, 800));
        Object overflow = script("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertThat(((Number) overflow).intValue()).as("horizontal overflow at 360 px").isLessThanOrEqualTo(0);
        screenshot("04-narrow-360px");
        assertNoSeriousAccessibilityViolations();
    }

    @Test
    void shouldShowQuotasAndTheAuditTrailOnTheirOwnRoutes() {
        openAsNewLearner("select 1;\n");
        browser.get(gatewayUrl + "/account");
        awaitReady();
        WebElement quotas = new WebDriverWait(browser, Duration.ofSeconds(30))
            .until(ExpectedConditions.visibilityOfElementLocated(By.id("quotas")));
        assertThat(quotas.getText()).contains("Sandboxes", "Runs per minute");
        assertThat(browser.findElement(By.id("me-kind")).getText()).isEqualTo("an anonymous learner");
        screenshot("05-account");
        assertNoSeriousAccessibilityViolations();
        browser.findElement(By.cssSelector("nav a[data-route='/audit']")).click();
        assertThat(browser.getCurrentUrl()).endsWith("/audit");
        new WebDriverWait(browser, Duration.ofSeconds(30))
            .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#audit, .status.error")));
        assertThat(browser.findElements(By.id("audit"))).hasSize(1);
        screenshot("06-audit");
        assertNoCspViolations();
    }

    @Test
    void shouldKeepTheLearnersIdAndScriptWhenTheyRegisterAndForgetEverythingAtSignOut() {
        runAsNewLearner("select 41 + 1 as answer;\n");
        String anonymousId = sessionUserId();
        browser.findElement(By.cssSelector("nav a[data-route='/account']")).click();
        String email = "browser-" + java.util.UUID.randomUUID() + "@example.test";
        WebElement form = new WebDriverWait(browser, Duration.ofSeconds(30))
            .until(ExpectedConditions.visibilityOfElementLocated(By.id("register-form")));
        form.findElement(By.id("register-email")).sendKeys(email);
        form.findElement(By.id("register-password")).sendKeys("correct horse battery staple");
        form.findElement(By.cssSelector("button[type='submit']")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(
                ExpectedConditions.textToBe(By.id("me-kind"), "registered as " + email));
        assertThat(sessionUserId()).isEqualTo(anonymousId);
        assertThat(browser.findElement(By.id("who")).getText()).isEqualTo("Signed in");
        screenshot("07-registered");

        browser.findElement(By.cssSelector("nav a[data-route='/']")).click();
        assertThat(editorText()).isEqualTo("select 41 + 1 as answer;\n");
        browser.findElement(By.id("sign-out")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30))
            .until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Signed out"));
        // a shared computer keeps nothing: a new anonymous learner with the sample script
        assertThat(sessionUserId()).isNotEqualTo(anonymousId);
        assertThat(editorText()).doesNotContain("41 + 1");
        assertThat(script("return Object.keys(localStorage).filter(k => k.startsWith('taidon.script.') "
                + "&& localStorage.getItem(k).includes('41 + 1')).length")).isEqualTo(0L);
    }

    @Test
    void shouldEraseTheLearnersDataAfterAConfirmationThatSaysWhatGoes() {
        runAsNewLearner("create table mine (x int);\n");
        String erasedId = sessionUserId();
        browser.findElement(By.cssSelector("nav a[data-route='/account']")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30))
            .until(ExpectedConditions.elementToBeClickable(By.id("erase"))).click();
        WebElement dialog = browser.findElement(By.cssSelector("dialog.confirm"));
        assertThat(dialog.getText()).contains("sandboxes", "snapshots", "cannot be recovered");
        screenshot("08-erase-confirmation");
        // Cancel keeps everything
        dialog.findElement(By.id("confirm-cancel")).click();
        // the dialog is removed when its close event fires, a moment after the click
        new WebDriverWait(browser, Duration.ofSeconds(10))
            .until(driver -> driver.findElements(By.cssSelector("dialog.confirm")).isEmpty());
        assertThat(browser.findElements(By.cssSelector("dialog.confirm"))).isEmpty();
        assertThat(sessionUserId()).isEqualTo(erasedId);
        browser.findElement(By.id("erase")).click();
        browser.findElement(By.id("confirm-ok")).click();
        new WebDriverWait(browser, Duration.ofSeconds(60))
            .until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Your data is erased"));
        assertThat(sessionUserId()).startsWith("u_anon_").isNotEqualTo(erasedId);
        assertThat(browser.getCurrentUrl()).isEqualTo(gatewayUrl + "/");
    }

    @Test
    void shouldListSandboxesSayWhatToDeleteWhenTheQuotaIsFullAndDeleteOne() {
        runAsNewLearner("select 1 as one;\n");
        String sandboxId = (String) script("return localStorage.getItem('taidon.sandbox')");
        assertThat(sandboxId).startsWith("sb_");
        browser.findElement(By.cssSelector("nav a[data-route='/sandboxes']")).click();
        WebElement row = new WebDriverWait(browser, Duration.ofSeconds(30)).until(
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector("tr[data-sandbox='" + sandboxId + "']")));
        assertThat(row.getText()).contains("default", "in use");
        // an anonymous learner may hold one sandbox: the answer says what to do, not what failed
        browser.findElement(By.id("create-sandbox")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30))
            .until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Delete something"));
        assertThat(browser.findElement(By.id("status")).getText()).contains("at most 1", "sandbox")
            .doesNotContain("{", "quota-exceeded");
        screenshot("09-sandboxes-quota-full");
        assertNoSeriousAccessibilityViolations();
        row.findElement(By.cssSelector("button.danger")).click();
        browser.findElement(By.id("confirm-ok")).click();
        new WebDriverWait(browser, Duration.ofSeconds(60))
            .until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "deleted"));
        new WebDriverWait(browser, Duration.ofSeconds(30))
            .until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("tr[data-sandbox='" + sandboxId + "']")));
        assertThat(script("return localStorage.getItem('taidon.sandbox')")).isNull();
    }

    @Test
    void shouldShowABannerWhenTaidonCannotBeReachedAndRecoverWhenItAnswersAgain() {
        runAsNewLearner("select 'before' as state;\n");
        ChromiumNetworkConditions offline = new ChromiumNetworkConditions();
        offline.setOffline(true);
        browser.setNetworkConditions(offline);
        try {
            browser.findElement(By.id("run")).click();
            WebElement banner = new WebDriverWait(browser, Duration.ofSeconds(30))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("banner")));
            assertThat(banner.getText()).contains("Taidon cannot be reached").doesNotContain("TypeError", "fetch");
            screenshot("10-offline-banner");
        }
        finally {
            browser.deleteNetworkConditions();
        }
        // the app probes health every few seconds and takes the banner down by itself
        new WebDriverWait(browser, Duration.ofSeconds(30))
            .until(ExpectedConditions.invisibilityOfElementLocated(By.id("banner")));
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("Connected to Taidon again.");
        browser.findElement(By.id("run")).click();
        awaitRun();
        assertThat(rowsOf(1)).containsExactly(List.of("before"));
    }

    @Test
    void shouldRestoreASavedSnapshotSoThatTheNextRunStartsFromIt() {
        runAsNewLearner(SETUP + "select count(*) from pet;\n");
        assertThat(rowsOf(3)).containsExactly(List.of("3"));
        assertThat(browser.findElement(By.id("sandbox-label")).getText()).contains("base: empty");
        // the schema browser lists the table the run made, with its columns and types
        WebElement pet = await(By.cssSelector("#schema [data-relation='public.pet']"));
        assertThat(pet.getText()).contains("pet", "table");
        pet.findElement(By.cssSelector("button.toggle")).click();
        assertThat(pet.findElements(By.cssSelector("[data-column]")).stream().map(c -> c.getAttribute("data-column")))
            .containsExactly("id", "name", "kind");
        assertThat(pet.findElement(By.cssSelector("[data-column='id']")).getText()).contains("integer", "not null");
        assertThat(pet.getText()).contains("pet_pkey", "primary key");

        browser.findElement(By.id("snapshot-name")).sendKeys("three pets");
        browser.findElement(By.id("save-snapshot")).click();
        awaitStatus("Saved \"three pets\"");
        assertThat(savedSnapshot("three pets").getText()).contains("stored");

        // a run of only the query starts from the empty base: no table
        replaceScript("select count(*) from pet;");
        awaitRun();
        assertThat(statements()).hasSize(1);
        assertThat(statements().get(0).getText()).contains("ERROR 42P01");

        savedSnapshot("three pets").findElement(By.cssSelector("button.restore")).click();
        assertThat(browser.findElement(By.cssSelector("dialog.confirm")).getText()).contains("next run starts from it");
        browser.findElement(By.id("confirm-ok")).click();
        awaitStatus("Restored");
        assertThat(browser.findElement(By.id("sandbox-label")).getText()).contains("base: snapshot \"three pets\"");
        assertThat(savedSnapshot("three pets").getText()).contains("base of this sandbox");
        browser.findElement(By.id("run")).click();
        awaitRun();
        assertThat(rowsOf(1)).containsExactly(List.of("3"));
        screenshot("11-snapshot-restored");
        assertNoSeriousAccessibilityViolations();

        // the lineage tree: one tab stop on the snapshot asked for
        savedSnapshot("three pets").findElement(By.cssSelector("button.show-lineage")).click();
        WebElement node = await(By.cssSelector("#lineage [role='treeitem'][aria-current='true']"));
        assertThat(node.getText()).contains("three pets");
        assertThat(node.getAttribute("tabindex")).isEqualTo("0");
        assertThat(script("return document.activeElement.getAttribute('aria-current')")).isEqualTo("true");
        screenshot("12-lineage");
        assertNoSeriousAccessibilityViolations();

        // an anonymous learner holds one sandbox: branching says what to delete, or to register
        savedSnapshot("three pets").findElement(By.cssSelector("button.branch")).click();
        awaitStatus("register");
        assertThat(browser.findElement(By.id("status")).getText()).contains("Delete your sandbox").doesNotContain("{");
        assertNoCspViolations();
    }

    @Test
    void shouldAccumulateConsoleStatementsUntilTheConsoleIsReset() {
        runAsNewLearner("select 1 as one;\n");
        browser.findElement(By.id("tab-console")).click();
        assertThat(browser.findElement(By.id("panel-script")).isDisplayed()).isFalse();
        applyInConsole("create table note (x int);");
        applyInConsole("insert into note values (1), (2);");
        applyInConsole("select count(*) from note;");
        assertThat(lastConsoleRows()).containsExactly(List.of("2"));
        assertThat(browser.findElement(By.id("console-journal")).getText()).isEqualTo("3 statements in the session");
        // the schema browser follows the console
        await(By.cssSelector("#schema [data-relation='public.note']"));
        // a transaction left open is rolled back, and the transcript says so
        applyInConsole("begin; insert into note values (3);");
        assertThat(lastConsoleEntry().findElements(By.cssSelector(".rolled-back"))).hasSize(1);
        applyInConsole("select count(*) from note;");
        assertThat(lastConsoleRows()).containsExactly(List.of("2"));
        screenshot("13-console");
        assertNoSeriousAccessibilityViolations();
        // the script runs never see the session
        browser.findElement(By.id("tab-script")).click();
        replaceScript("select count(*) from note;");
        awaitRun();
        assertThat(statements().get(0).getText()).contains("ERROR 42P01");

        browser.findElement(By.id("tab-console")).click();
        browser.findElement(By.id("console-reset")).click();
        awaitStatus("Console reset");
        applyInConsole("select count(*) from note;");
        assertThat(lastConsoleEntry().getText()).contains("ERROR 42P01");
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.invisibilityOfElementLocated(
                By.cssSelector("#schema [data-relation='public.note']")));
        assertNoCspViolations();
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    /** A fresh browser state (no session, so a new anonymous learner) with the given script in the editor. */
    private static void openAsNewLearner(String sql) {
        browser.get(gatewayUrl + "/");
        script("localStorage.clear(); localStorage.setItem('taidon.script.default', arguments[0])", sql);
        browser.navigate().refresh();
        awaitReady();
        assertThat(editorText()).isEqualTo(sql);
    }

    private static String sessionUserId() {
        return (String) script("return JSON.parse(localStorage.getItem('taidon.session')).userId");
    }

    /** {@link #openAsNewLearner} with the script, then Run and wait for its results. */
    private static void runAsNewLearner(String sql) {
        openAsNewLearner(sql);
        browser.findElement(By.id("run")).click();
        awaitRun();
    }

    private static void awaitReady() {
        new WebDriverWait(browser, Duration.ofSeconds(30))
            .until(driver -> "true".equals(driver.findElement(By.tagName("body")).getAttribute("data-ready")));
    }

    private static void awaitRun() {
        new WebDriverWait(browser, Duration.ofSeconds(120)).until(driver -> {
            String status = driver.findElement(By.id("status")).getText();
            if (driver.findElement(By.id("status")).getAttribute("class").contains("error")) {
                throw new AssertionError("the run failed: " + status);
            }
            return status.startsWith("Done") && !driver.findElements(By.id("hit-depth")).isEmpty();
        });
    }

    private static void awaitRunWithHitDepth(String hitDepth) {
        awaitRun();
        new WebDriverWait(browser, Duration.ofSeconds(60))
            .until(driver -> hitDepth.equals(driver.findElement(By.id("hit-depth")).getAttribute("data-hit-depth")));
    }

    private static WebElement await(By locator) {
        return new WebDriverWait(browser, Duration.ofSeconds(30))
            .until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    private static void awaitStatus(String text) {
        new WebDriverWait(browser, Duration.ofSeconds(60))
            .until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), text));
    }

    /** The snapshot panel's entry of that name (found again each time: the list re-renders). */
    private static WebElement savedSnapshot(String name) {
        return new WebDriverWait(browser, Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class)
            .until(driver -> driver.findElements(By.cssSelector("#snapshot-list li.snapshot"))
            .stream()
            .filter(item -> item.findElement(By.cssSelector(".snapshot-name")).getText().equals(name))
            .findFirst()
            .orElse(null));
    }

    /** Replaces the editor's script with the keyboard (CodeMirror's own delete), then runs it with Ctrl+Enter. */
    private static void replaceScript(String sql) {
        browser.findElement(By.cssSelector(".cm-content")).click();
        new Actions(browser).keyDown(Keys.CONTROL).sendKeys("a").keyUp(Keys.CONTROL)
            .sendKeys(Keys.BACK_SPACE)
            .sendKeys(sql)
            .sendKeys(Keys.ESCAPE)
            .keyDown(Keys.CONTROL).sendKeys(Keys.ENTER).keyUp(Keys.CONTROL)
            .perform();
    }

    /** Types into the console and applies with Ctrl+Enter; waits for its entry in the transcript. */
    private static void applyInConsole(String sql) {
        int before = browser.findElements(By.cssSelector("#console-transcript .console-entry")).size();
        WebElement input = browser.findElement(By.id("console-input"));
        input.sendKeys(sql);
        input.sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));
        new WebDriverWait(browser, Duration.ofSeconds(120)).until(driver -> {
            if (driver.findElement(By.id("status")).getAttribute("class").contains("error")) {
                throw new AssertionError("the console call failed: " + driver.findElement(By.id("status")).getText());
            }
            return driver.findElements(By.cssSelector("#console-transcript .console-entry")).size() == before + 1;
        });
    }

    private static WebElement lastConsoleEntry() {
        List<WebElement> entries = browser.findElements(By.cssSelector("#console-transcript .console-entry"));
        return entries.get(entries.size() - 1);
    }

    private static List<List<String>> lastConsoleRows() {
        return lastConsoleEntry().findElements(By.cssSelector(".statement tbody tr"))
            .stream()
            .map(row -> row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList())
            .toList();
    }

    private static List<WebElement> statements() {
        return browser.findElements(By.cssSelector("#results .statement"));
    }

    private static String badgeOf(int index) {
        return browser.findElement(By.cssSelector(".statement[data-index='" + index + "'] .badge")).getText();
    }

    private static List<List<String>> rowsOf(int index) {
        return browser.findElements(By.cssSelector(".statement[data-index='" + index + "'] tbody tr"))
            .stream()
            .map(row -> row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList())
            .toList();
    }

    private static String editorText() {
        return (String) script("return Array.from(document.querySelectorAll('.cm-content .cm-line'))"
                + ".map(line => line.textContent).join('\\n')");
    }

    private static Object script(String code, Object... arguments) {
        return ((JavascriptExecutor) browser).executeScript(code, arguments);
    }

    private static void screenshot(String name) {
        try {
            Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOTS.resolve(name + ".png"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The page's own styles (CodeMirror's included, by the response's nonce) load under its CSP. */
    private static void assertNoCspViolations() {
        List<String> violations = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
            .map(LogEntry::getMessage)
            .filter(message -> message.contains("Content Security Policy"))
            .toList();
        assertThat(violations).isEmpty();
    }

    /** axe-core (the frontend's npm dependency, its built file injected as is): no serious or critical violation. */
    private static void assertNoSeriousAccessibilityViolations() {
        Path axe = SharedSuite.root().resolve("frontend/node_modules/axe-core/axe.min.js");
        assertThat(axe).as("built by the frontend module (npm ci)").isRegularFile();
        try {
            script(Files.readString(axe));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        Object result = ((JavascriptExecutor) browser).executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "axe.run(document, { resultTypes: ['violations'] })"
                + ".then(r => done(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')"
                + ".map(v => v.id + ': ' + v.help + ' — ' + v.nodes.map(n => n.target.join(' ')).join(', '))))"
                + ".catch(e => done(['axe failed: ' + e]));");
        assertThat((List<?>) result).as("axe-core serious/critical violations on " + browser.getCurrentUrl()).isEmpty();
    }
}
