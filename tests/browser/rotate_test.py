#!/usr/bin/env python3
"""The course's distinction, checked in a real browser: a plot is 3-D only when the viewer
can turn it (lesson 10).

usage: rotate_test.py BIN_DIR

Runs BIN_DIR/10_plotting.heat_surface into a fresh folder, opens heat.html in headless
Chromium (chromium, chromium-driver, python3-selenium) with every network request sent to
a closed port, and checks:
  1. the page drew its plot with the plotly.js beside it (nothing was fetched);
  2. a drag of the mouse across the plot turns it: plotly's camera moved, and a screenshot
     taken after the drag differs from one taken before;
  3. the same drag over a page that shows heat_surface.png (the static picture of the same
     surface) changes nothing: the screenshots before and after are the same.
Skipped (exit 77) with the reason where Chromium, its driver or selenium is missing, or
the browser cannot start here.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

from workbook_peer import SKIPPED, require

webdriver = require("selenium.webdriver", "the browser test")
from selenium.common.exceptions import WebDriverException  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.actions.action_builder import ActionBuilder  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402


def skip(reason):
    print(f"skipped: {reason}")
    sys.exit(SKIPPED)


def start_browser():
    browser = shutil.which("chromium")
    driver = shutil.which("chromedriver")
    if not browser or not driver:
        skip("needs Debian's chromium and chromium-driver (./workbook setup installs them as root)")
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--window-size=900,700", "--hide-scrollbars",
                 # WebGL without a GPU: plotly's surface is drawn with WebGL.
                 "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
                 # No network: any request that is not a file goes to a closed port and fails.
                 "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>"):
        options.add_argument(flag)
    try:
        return webdriver.Chrome(service=webdriver.ChromeService(executable_path=driver), options=options)
    except (WebDriverException, AttributeError):
        try:  # selenium 4.8 (Debian 12) names the service class differently
            from selenium.webdriver.chrome.service import Service
            return webdriver.Chrome(service=Service(executable_path=driver), options=options)
        except WebDriverException as error:
            skip(f"Chromium cannot start here: {str(error).splitlines()[0]}")


def drag_across(page, element):
    """Press the mouse in the middle of `element`, drag it 200 px right and 60 down in small
    steps, release, and move the pointer off to a corner (so no hover label stays)."""
    actions = ActionChains(page)
    actions.move_to_element(element).click_and_hold()
    for _ in range(20):
        actions.move_by_offset(10, 3)
    actions.release().perform()
    settle(page)


def settle(page):
    """Pointer in the window's top left corner, then a moment for the page to draw."""
    corner = ActionBuilder(page)
    corner.pointer_action.move_to_location(2, 2)
    corner.perform()
    time.sleep(0.5)


def main():
    if len(sys.argv) != 2 or sys.argv[1] in ("-h", "--help"):
        print(__doc__)
        sys.exit(0 if len(sys.argv) == 2 else 2)
    demo = os.path.join(sys.argv[1], "10_plotting.heat_surface")
    folder = tempfile.mkdtemp(prefix="rotate_test.")
    page = None
    try:
        subprocess.run([demo, "--out", folder], check=True, stdout=subprocess.DEVNULL)
        if not os.path.exists(os.path.join(folder, "plotly.js")):
            skip("python3-plotly is not installed: the page has no plotly.js")
        page = start_browser()

        # 1. The page loads and draws, offline.
        page.get("file://" + os.path.join(folder, "heat.html"))
        for _ in range(60):
            if page.execute_script("return !!document.querySelector('#plot .gl-container canvas')"):
                break
            time.sleep(0.5)
        else:
            print("FAIL: heat.html drew no plot (no WebGL canvas after 30 s):", page.find_element(By.TAG_NAME, "body").text[:200])
            return 1
        fetched = page.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith('file:'))")
        if fetched:
            print("FAIL: the page fetched from the network:", fetched)
            return 1
        print("ok: heat.html drew its surface with the plotly.js beside it, nothing fetched")

        # 2. A drag turns the plot.
        camera = "return JSON.stringify(document.getElementById('plot')._fullLayout.scene.camera.eye)"
        settle(page)
        eye_before, before = page.execute_script(camera), page.get_screenshot_as_png()
        drag_across(page, page.find_element(By.ID, "plot"))
        eye_after, after = page.execute_script(camera), page.get_screenshot_as_png()
        if eye_before == eye_after or before == after:
            print(f"FAIL: the drag did not turn the plot (camera {eye_before} -> {eye_after}, "
                  f"screenshots {'differ' if before != after else 'the same'})")
            return 1
        print(f"ok: a drag turned the surface: camera eye {eye_before} -> {eye_after}, and the picture changed")

        # 3. The same drag over the static picture changes nothing.
        static = os.path.join(folder, "static.html")
        with open(static, "w") as out:
            out.write('<!DOCTYPE html><html><body style="margin:0">'
                      '<img id="plot" src="heat_surface.png" width="880"></body></html>\n')
        page.get("file://" + static)
        settle(page)
        before = page.get_screenshot_as_png()
        drag_across(page, page.find_element(By.ID, "plot"))
        after = page.get_screenshot_as_png()
        if before != after:
            print("FAIL: the static picture changed under the drag")
            return 1
        print("ok: the same drag over heat_surface.png changed nothing: a picture of 3-D data is a 2-D plot")
        return 0
    finally:
        if page is not None:
            page.quit()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
