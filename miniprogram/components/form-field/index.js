// A labelled form field: the control (slot), its error in red under it, a hint and a live counter.
Component({
  properties: {
    label: { type: String, value: '' },
    required: { type: Boolean, value: false },
    error: { type: String, value: '' },
    hint: { type: String, value: '' },
    counter: { type: String, value: '' },
    counterOver: { type: Boolean, value: false }
  }
})
