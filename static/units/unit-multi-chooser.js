/* Several administrative units in one field (a council's scope): "Thêm đơn vị" opens the unit
   chooser (scoped, searchable without diacritics) with check boxes; each chosen unit becomes a
   hidden input of the field, removable. Uses Wagtail's ModalWorkflow and chooser-modal handlers. */
(function () {
  "use strict";

  function addItem(root, item) {
    const name = root.dataset.name;
    const list = root.querySelector("[data-unit-list]");
    if (list.querySelector(`input[value="${CSS.escape(String(item.id))}"]`)) return;
    const li = document.createElement("li");
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = item.id;
    const label = document.createElement("span");
    label.textContent = item.string || item.title || String(item.id);
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "button button-small button-secondary";
    remove.dataset.removeUnit = "";
    remove.textContent = root.dataset.removeLabel;
    li.append(input, label, " ", remove);
    list.append(li);
    const empty = root.querySelector("[data-unit-empty]");
    if (empty) empty.hidden = true;
  }

  document.addEventListener("click", (event) => {
    const remove = event.target.closest("[data-unit-multi-chooser] [data-remove-unit]");
    if (remove) {
      remove.closest("li").remove();
      return;
    }
    const add = event.target.closest("[data-unit-multi-chooser] [data-add-unit]");
    if (!add) return;
    const root = add.closest("[data-unit-multi-chooser]");
    window.ModalWorkflow({
      url: root.dataset.chooserUrl,
      urlParams: { multiple: 1 },
      onload: window.CHOOSER_MODAL_ONLOAD_HANDLERS,
      responses: {
        chosen: (result) => {
          (Array.isArray(result) ? result : [result]).forEach((item) => addItem(root, item));
        },
      },
    });
  });
})();
